//! The consensus rules a header must meet against its parent, per fork: what a light client can
//! check without executing (execution results are [`crate::exec`]'s). Each broken rule is named as
//! ethereum/tests names it, so conformance tests can compare reasons.
//!
//! Not checked: proof-of-work seals and difficulty before the Merge (no ethash here; pre-Merge
//! headers are anchored by hash to a checkpoint instead). Metis Andromeda's l2geth blocks follow none
//! of Ethereum's fee or gas-limit rules (one sequencer, fixed gas limit, no base fee): the Andromeda
//! preset does not apply these rules; its blocks are anchored by the sequencer signature instead.

use crate::chain::Fork;
use crate::error::{Error, Result};
use alloy_consensus::{EMPTY_OMMER_ROOT_HASH, Header};
use alloy_eips::eip1559::{BaseFeeParams, INITIAL_BASE_FEE};
use alloy_eips::eip4844::DATA_GAS_PER_BLOB;

/// The smallest gas limit a block may have.
const MIN_GAS_LIMIT: u64 = 5_000;
/// The largest gas limit (geth's `MaxGasLimit`, 2^63 - 1).
const MAX_GAS_LIMIT: u64 = i64::MAX as u64;
/// The longest extra data.
const MAX_EXTRA_DATA: usize = 32;

/// Which of the rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSet {
    /// A block may share its parent's timestamp (a devnet mining on demand).
    pub same_second: bool,
    /// The base fee and excess blob gas must follow from the parent (a devnet lets its user set
    /// them, and its snapshots do not restore them).
    pub fees: bool,
}

impl RuleSet {
    /// Every rule, as Ethereum applies them.
    pub const ETHEREUM: Self = Self { same_second: false, fees: true };
}

/// Checks `header` (under `fork`) against its verified `parent` (under `parent_fork`).
pub fn check_header(header: &Header, parent: &Header, fork: Fork, parent_fork: Fork, rules: RuleSet) -> Result<()> {
    let number = header.number;
    let broken = |rule: &str, reason: String| Err(Error::InvalidBlock { number, rule: rule.to_owned(), reason });
    if Some(number) != parent.number.checked_add(1) {
        return broken("BlockException.INVALID_BLOCK_NUMBER", format!("number {number} after parent {}", parent.number));
    }
    if header.timestamp < parent.timestamp || (header.timestamp == parent.timestamp && !rules.same_second) {
        return broken("BlockException.INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT", format!("timestamp {} not after the parent's {}", header.timestamp, parent.timestamp));
    }
    if header.extra_data.len() > MAX_EXTRA_DATA {
        return broken("BlockException.EXTRA_DATA_TOO_BIG", format!("{} bytes of extra data", header.extra_data.len()));
    }
    if header.gas_limit > MAX_GAS_LIMIT {
        return broken("BlockException.GASLIMIT_TOO_BIG", format!("gas limit {}", header.gas_limit));
    }
    if header.gas_used > header.gas_limit {
        return broken("BlockException.GAS_USED_OVERFLOW", format!("gas used {} above the limit {}", header.gas_used, header.gas_limit));
    }
    // EIP-1559: the London block doubles the parent's limit into the new elastic target.
    let parent_limit = if fork >= Fork::London && parent_fork < Fork::London { parent.gas_limit.saturating_mul(2) } else { parent.gas_limit };
    if header.gas_limit.abs_diff(parent_limit) >= parent_limit / 1024 || header.gas_limit < MIN_GAS_LIMIT {
        return broken("BlockException.INVALID_GASLIMIT", format!("gas limit {} too far from the parent's {parent_limit}", header.gas_limit));
    }
    check_fields(header, fork).or_else(|reason| broken("BlockException.INCORRECT_BLOCK_FORMAT", reason))?;
    if fork >= Fork::London && rules.fees {
        let expected = if parent_fork < Fork::London { Some(INITIAL_BASE_FEE) } else { parent.next_block_base_fee(BaseFeeParams::ethereum()) };
        if header.base_fee_per_gas != expected {
            return broken("BlockException.INVALID_BASEFEE_PER_GAS", format!("base fee {:?}, the parent gives {expected:?}", header.base_fee_per_gas));
        }
    }
    if let Some(params) = fork.blob_params() {
        let used = header.blob_gas_used.unwrap_or_default();
        if used > params.max_blob_gas_per_block() {
            return broken("BlockException.BLOB_GAS_USED_ABOVE_LIMIT", format!("blob gas used {used}"));
        }
        if !used.is_multiple_of(DATA_GAS_PER_BLOB) {
            return broken("BlockException.INCORRECT_BLOB_GAS_USED", format!("blob gas used {used} is not whole blobs"));
        }
        let expected = match (parent.excess_blob_gas, parent.blob_gas_used, parent_fork >= Fork::Cancun) {
            _ if !rules.fees => header.excess_blob_gas.unwrap_or_default(),
            (Some(excess), Some(parent_used), true) => {
                params.next_block_excess_blob_gas_osaka(excess, parent_used, parent.base_fee_per_gas.unwrap_or_default())
            }
            _ => 0,
        };
        if header.excess_blob_gas != Some(expected) {
            return broken("BlockException.INCORRECT_EXCESS_BLOB_GAS", format!("excess blob gas {:?}, the parent gives {expected}", header.excess_blob_gas));
        }
    }
    if fork >= Fork::Paris {
        if !header.difficulty.is_zero() {
            return broken("BlockException.IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS", format!("difficulty {}", header.difficulty));
        }
        if !header.nonce.is_zero() {
            return broken("BlockException.INVALID_BLOCK_NONCE", format!("nonce {}", header.nonce));
        }
        if header.ommers_hash != EMPTY_OMMER_ROOT_HASH {
            return broken("BlockException.IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS", "uncles after the Merge".into());
        }
    }
    Ok(())
}

/// The optional fields are present exactly from the fork that added them.
fn check_fields(header: &Header, fork: Fork) -> std::result::Result<(), String> {
    let fields = [
        ("baseFeePerGas", header.base_fee_per_gas.is_some(), Fork::London),
        ("withdrawalsRoot", header.withdrawals_root.is_some(), Fork::Shanghai),
        ("blobGasUsed", header.blob_gas_used.is_some(), Fork::Cancun),
        ("excessBlobGas", header.excess_blob_gas.is_some(), Fork::Cancun),
        ("parentBeaconBlockRoot", header.parent_beacon_block_root.is_some(), Fork::Cancun),
        ("requestsHash", header.requests_hash.is_some(), Fork::Prague),
    ];
    for (name, present, from) in fields {
        if present != (fork >= from) {
            return Err(format!("{name} {} under {fork:?}", if present { "present" } else { "missing" }));
        }
    }
    Ok(())
}
