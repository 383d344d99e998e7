//! Ethereum's hard forks and the schedules that activate them by block number or timestamp.

pub use alloy_eips::eip7840::BlobParams;
use serde::Serialize;

/// The forks that change what a header or block holds, in activation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Fork {
    Frontier,
    Homestead,
    TangerineWhistle,
    SpuriousDragon,
    Byzantium,
    Constantinople,
    Petersburg,
    Istanbul,
    Berlin,
    London,
    Paris,
    Shanghai,
    Cancun,
    Prague,
    Osaka,
    Bpo1,
    Bpo2,
}

impl Fork {
    /// The number of header fields from this fork on: London adds baseFeePerGas, Shanghai
    /// withdrawalsRoot, Cancun blob gas and the beacon root, Prague requestsHash.
    pub const fn header_fields(self) -> usize {
        match self {
            Self::Frontier
            | Self::Homestead
            | Self::TangerineWhistle
            | Self::SpuriousDragon
            | Self::Byzantium
            | Self::Constantinople
            | Self::Petersburg
            | Self::Istanbul
            | Self::Berlin => 15,
            Self::London | Self::Paris => 16,
            Self::Shanghai => 17,
            Self::Cancun => 20,
            Self::Prague | Self::Osaka | Self::Bpo1 | Self::Bpo2 => 21,
        }
    }
}

impl Fork {
    /// The blob schedule from Cancun on (EIP-4844, EIP-7691, EIP-7918, EIP-7892): `None` before blobs.
    pub const fn blob_params(self) -> Option<BlobParams> {
        Some(match self {
            Self::Cancun => BlobParams::cancun(),
            Self::Prague => BlobParams::prague(),
            Self::Osaka => BlobParams::osaka(),
            Self::Bpo1 => BlobParams::bpo1(),
            Self::Bpo2 => BlobParams::bpo2(),
            _ => return None,
        })
    }
}

/// When each fork activates: block-numbered forks up to the Merge, timestamped ones after it.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForkSchedule {
    /// `(fork, first block)`, ascending.
    pub by_block: &'static [(Fork, u64)],
    /// `(fork, first timestamp)`, ascending.
    pub by_time: &'static [(Fork, u64)],
}

impl ForkSchedule {
    /// The latest fork active at this block.
    pub fn fork_at(&self, number: u64, timestamp: u64) -> Fork {
        let by_time = self.by_time.iter().rev().find(|(_, t)| timestamp >= *t).map(|(f, _)| *f);
        let by_block = self.by_block.iter().rev().find(|(_, n)| number >= *n).map(|(f, _)| *f);
        by_time.or(by_block).unwrap_or(Fork::Frontier)
    }
}
