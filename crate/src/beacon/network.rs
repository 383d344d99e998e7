//! Beacon networks: the preset sizes (mainnet, minimal) and each network's genesis and fork
//! schedule, which fix the signing domain of every sync-committee signature.

use super::error::BeaconError;
use alloy_primitives::{B256, b256};
use ssz_types::typenum::{U32, U512, Unsigned};
use tree_hash::TreeHash;
use tree_hash_derive::TreeHash;

/// Sizes fixed by a consensus preset (`mainnet` or `minimal`).
pub trait Preset: 'static + Clone + Copy + std::fmt::Debug + Default + PartialEq + Eq + Send + Sync {
    /// `SYNC_COMMITTEE_SIZE`.
    type SyncCommitteeSize: Unsigned + Clone + std::fmt::Debug + PartialEq + Eq + Default + Send + Sync;
    /// `SLOTS_PER_EPOCH`.
    const SLOTS_PER_EPOCH: u64;
    /// `EPOCHS_PER_SYNC_COMMITTEE_PERIOD`.
    const EPOCHS_PER_SYNC_COMMITTEE_PERIOD: u64;
    /// The preset's name in the consensus specs.
    const NAME: &'static str;

    /// Slots in one sync-committee period (also the spec's `UPDATE_TIMEOUT`).
    fn slots_per_period() -> u64 {
        Self::SLOTS_PER_EPOCH * Self::EPOCHS_PER_SYNC_COMMITTEE_PERIOD
    }
    /// `compute_sync_committee_period_at_slot`.
    fn period_at_slot(slot: u64) -> u64 {
        slot / Self::slots_per_period()
    }
    /// `compute_epoch_at_slot`.
    fn epoch_at_slot(slot: u64) -> u64 {
        slot / Self::SLOTS_PER_EPOCH
    }
}

/// The mainnet preset (also Sepolia and Hoodi): committees of 512, 32-slot epochs, 256-epoch periods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mainnet;

impl Preset for Mainnet {
    type SyncCommitteeSize = U512;
    const SLOTS_PER_EPOCH: u64 = 32;
    const EPOCHS_PER_SYNC_COMMITTEE_PERIOD: u64 = 256;
    const NAME: &'static str = "mainnet";
}

/// The minimal preset of the consensus-spec tests: committees of 32, 8-slot epochs, 8-epoch periods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Minimal;

impl Preset for Minimal {
    type SyncCommitteeSize = U32;
    const SLOTS_PER_EPOCH: u64 = 8;
    const EPOCHS_PER_SYNC_COMMITTEE_PERIOD: u64 = 8;
    const NAME: &'static str = "minimal";
}

/// Consensus forks from Phase 0 on; the light-client data shape follows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fork {
    /// Genesis.
    Phase0,
    /// Sync committees and the light-client protocol.
    Altair,
    /// The Merge.
    Bellatrix,
    /// Light-client headers carry the execution payload header.
    Capella,
    /// Blob gas fields in the execution payload header.
    Deneb,
    /// Deeper state: every light-client branch one level longer.
    Electra,
    /// PeerDAS; light-client shapes as Electra.
    Fulu,
}

impl Fork {
    /// The fork a beacon API `version` string names.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "phase0" => Self::Phase0,
            "altair" => Self::Altair,
            "bellatrix" => Self::Bellatrix,
            "capella" => Self::Capella,
            "deneb" => Self::Deneb,
            "electra" => Self::Electra,
            "fulu" => Self::Fulu,
            _ => return None,
        })
    }
}

/// One network's genesis and fork schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// `mainnet`, `sepolia`, `hoodi`, or a test network's name.
    pub name: String,
    /// Unix time of slot 0.
    pub genesis_time: u64,
    /// `SECONDS_PER_SLOT`.
    pub seconds_per_slot: u64,
    /// `genesis_validators_root`: part of every signing domain.
    pub genesis_validators_root: B256,
    /// `(fork, version, activation epoch)` in activation order, Phase 0 first.
    pub forks: Vec<(Fork, [u8; 4], u64)>,
}

/// `ForkData`: what a fork digest and a signing domain hash.
#[derive(TreeHash)]
struct ForkData {
    current_version: alloy_primitives::FixedBytes<4>,
    genesis_validators_root: B256,
}

/// `SigningData`: an object root bound to its domain.
#[derive(TreeHash)]
struct SigningData {
    object_root: B256,
    domain: B256,
}

/// `DOMAIN_SYNC_COMMITTEE`.
const DOMAIN_SYNC_COMMITTEE: [u8; 4] = [7, 0, 0, 0];
/// A fork that never activates (`FAR_FUTURE_EPOCH`).
pub const FAR_FUTURE_EPOCH: u64 = u64::MAX;

impl Network {
    /// Ethereum mainnet.
    pub fn mainnet() -> Self {
        Self::with(
            "mainnet",
            1_606_824_023,
            b256!("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95"),
            [0x00, 0, 0, 0],
            [(74_240, 0x01), (144_896, 0x02), (194_048, 0x03), (269_568, 0x04), (364_032, 0x05), (411_392, 0x06)],
            |v| [v, 0, 0, 0],
        )
    }

    /// Sepolia.
    pub fn sepolia() -> Self {
        Self::with(
            "sepolia",
            1_655_733_600,
            b256!("0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078"),
            [0x90, 0, 0, 0x69],
            [(50, 0x70), (100, 0x71), (56_832, 0x72), (132_608, 0x73), (222_464, 0x74), (272_640, 0x75)],
            |v| [0x90, 0, 0, v],
        )
    }

    /// Hoodi.
    pub fn hoodi() -> Self {
        Self::with(
            "hoodi",
            1_742_213_400,
            b256!("0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f"),
            [0x10, 0, 0x09, 0x10],
            [(0, 0x20), (0, 0x30), (0, 0x40), (0, 0x50), (2_048, 0x60), (50_688, 0x70)],
            |v| [v, 0, 0x09, 0x10],
        )
    }

    /// A network by name: `mainnet`, `sepolia` or `hoodi`.
    pub fn by_name(name: &str) -> Result<Self, BeaconError> {
        match name {
            "mainnet" => Ok(Self::mainnet()),
            "sepolia" => Ok(Self::sepolia()),
            "hoodi" => Ok(Self::hoodi()),
            other => Err(BeaconError::Decode(format!("unknown beacon network `{other}`; known: mainnet, sepolia, hoodi"))),
        }
    }

    fn with(name: &str, genesis_time: u64, gvr: B256, genesis: [u8; 4], forks: [(u64, u8); 6], version: fn(u8) -> [u8; 4]) -> Self {
        let names = [Fork::Altair, Fork::Bellatrix, Fork::Capella, Fork::Deneb, Fork::Electra, Fork::Fulu];
        let mut schedule = vec![(Fork::Phase0, genesis, 0)];
        schedule.extend(names.into_iter().zip(forks).map(|(fork, (epoch, v))| (fork, version(v), epoch)));
        Self { name: name.to_owned(), genesis_time, seconds_per_slot: 12, genesis_validators_root: gvr, forks: schedule }
    }

    /// The fork active at `epoch` and its version.
    pub fn fork_at_epoch(&self, epoch: u64) -> (Fork, [u8; 4]) {
        self.forks.iter().rev().find(|(_, _, at)| *at <= epoch).map_or((Fork::Phase0, [0; 4]), |(f, v, _)| (*f, *v))
    }

    /// The fork whose data shape a header or update at `slot` has.
    pub fn fork_at_slot<P: Preset>(&self, slot: u64) -> Fork {
        self.fork_at_epoch(P::epoch_at_slot(slot)).0
    }

    /// `compute_fork_digest` before Fulu (the first four bytes of the fork data root).
    pub fn fork_digest(&self, version: [u8; 4]) -> [u8; 4] {
        let root = ForkData { current_version: version.into(), genesis_validators_root: self.genesis_validators_root }.tree_hash_root();
        [root[0], root[1], root[2], root[3]]
    }

    /// The fork whose (pre-Fulu) digest is `digest`, if any.
    pub fn fork_of_digest(&self, digest: [u8; 4]) -> Option<Fork> {
        self.forks.iter().find(|(_, v, _)| self.fork_digest(*v) == digest).map(|(f, _, _)| *f)
    }

    /// `compute_signing_root(header, domain)` for a sync-committee signature made at `signature_slot`:
    /// the fork version is the one at `epoch(max(signature_slot, 1) - 1)`.
    pub fn sync_committee_signing_root<P: Preset>(&self, object_root: B256, signature_slot: u64) -> B256 {
        let (_, version) = self.fork_at_epoch(P::epoch_at_slot(signature_slot.max(1) - 1));
        let fork_data_root = ForkData { current_version: version.into(), genesis_validators_root: self.genesis_validators_root }.tree_hash_root();
        let mut domain = B256::ZERO;
        domain[..4].copy_from_slice(&DOMAIN_SYNC_COMMITTEE);
        domain[4..].copy_from_slice(&fork_data_root[..28]);
        SigningData { object_root, domain }.tree_hash_root()
    }

    /// The slot the clock is in at `now` (Unix seconds); 0 before genesis.
    pub fn slot_at(&self, now: u64) -> u64 {
        now.saturating_sub(self.genesis_time) / self.seconds_per_slot.max(1)
    }

    /// The Unix time a slot begins.
    pub fn slot_time(&self, slot: u64) -> u64 {
        self.genesis_time.saturating_add(slot.saturating_mul(self.seconds_per_slot))
    }
}
