//! MetisVM's runs: revm executing `eth_call` and `eth_simulateV1` over state a caller has proven,
//! reporting what is not proven yet as [`Missing`].
//!
//! A crate of its own so that the interpreter is built for speed while the node crate is built for
//! size: generic code is compiled at the opt-level of the crate that instantiates it, so the state
//! comes in as a `dyn Database` and revm's handler and instruction table are instantiated here, once.

#![warn(unused_crate_dependencies)]

mod simulate;

pub use simulate::{Simulated, simulate};

use alloy_primitives::{Address, Bytes, U256};
use revm::context::result::{EVMError, ExecutionResult, Output};
use revm::context::{BlockEnv, Context, TxEnv};
use revm::database::State;
use revm::database_interface::DBErrorMarker;
use revm::database_interface::bal::EvmDatabaseError;
use revm::primitives::hardfork::SpecId;
use revm::{Database, ExecuteEvm, MainBuilder, MainContext};

/// The state a run reads: proven accounts, slots, code and block hashes behind one trait object.
pub type ProvenState<'a> = &'a mut dyn Database<Error = Missing>;

/// State the EVM asked for that has not been proven yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    /// An account.
    #[error("account {0}")]
    Account(Address),
    /// A storage slot of an account whose storage is not empty.
    #[error("storage slot {1} of {0}")]
    Storage(Address, U256),
    /// The hash of an earlier block (BLOCKHASH).
    #[error("hash of block {0}")]
    BlockHash(u64),
}

impl DBErrorMarker for Missing {}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Returned normally.
    Success(Bytes),
    /// REVERT with this data.
    Revert(Bytes),
    /// Halted (out of gas, invalid opcode...).
    Halt(String),
}

/// A finished execution: its outcome, gas and what it loaded.
#[derive(Debug, Clone)]
pub struct Execution {
    /// How it ended.
    pub outcome: Outcome,
    /// Gas as the receipt would show it.
    pub gas_used: u64,
    /// Accounts and storage slots the execution loaded.
    pub accessed: Vec<(Address, Vec<U256>)>,
}

/// Why an execution did not finish.
#[derive(Debug)]
pub enum Interrupted {
    /// State not proven yet: fetch it, verify it, run again.
    Missing(Missing),
    /// The transaction itself is invalid (e.g. a nonce or fee the EVM refuses): revm's reason.
    Invalid(String),
}

/// Runs `tx` at `block` over `db` without committing anything (`eth_call` semantics: no balance,
/// base-fee, nonce or block-gas checks). Over revm's `State`, as [`simulate`] runs: one EVM type for
/// both keeps one copy of revm's handler and instruction table in the wasm (two cost ~75 KB of code).
pub fn run(db: ProvenState<'_>, spec: SpecId, chain_id: u64, block: BlockEnv, tx: TxEnv) -> Result<Execution, Interrupted> {
    let state = State::builder().with_database(db).build();
    let mut evm = Context::mainnet()
        .modify_cfg_chained(|cfg| call_cfg(cfg, spec, chain_id))
        .with_block(block)
        .with_db(state)
        .build_mainnet();
    let result = evm.transact(tx).map_err(interrupted)?;
    let gas_used = result.result.tx_gas_used();
    let outcome = match result.result {
        ExecutionResult::Success { output: Output::Call(bytes) | Output::Create(bytes, _), .. } => Outcome::Success(bytes),
        ExecutionResult::Revert { output, .. } => Outcome::Revert(output),
        ExecutionResult::Halt { reason, .. } => Outcome::Halt(format!("{reason:?}")),
    };
    let accessed = result.state.iter().map(|(a, acc)| (*a, acc.storage.keys().copied().collect())).collect();
    Ok(Execution { outcome, gas_used, accessed })
}

/// Why a run over `State` stopped: state not proven yet, or a transaction the EVM refuses.
fn interrupted(e: EVMError<EvmDatabaseError<Missing>>) -> Interrupted {
    match e {
        EVMError::Database(EvmDatabaseError::Database(missing)) => Interrupted::Missing(missing),
        other => Interrupted::Invalid(other.to_string()),
    }
}

/// `eth_call` semantics: no nonce, balance, base-fee or block-gas checks; calls from contracts allowed.
fn call_cfg(cfg: &mut revm::context::CfgEnv, spec: SpecId, chain_id: u64) {
    cfg.set_spec_and_mainnet_gas_params(spec);
    cfg.chain_id = chain_id;
    cfg.disable_nonce_check = true;
    cfg.disable_balance_check = true;
    cfg.disable_base_fee = true;
    cfg.disable_block_gas_limit = true;
    cfg.disable_eip3607 = true;
    cfg.tx_gas_limit_cap = Some(u64::MAX);
}
