//! MetisVM's runs: revm executing `eth_call` and `eth_simulateV1` over state a caller has proven,
//! reporting what is not proven yet as [`Missing`].
//!
//! A crate of its own so that the interpreter is built for speed while the node crate is built for
//! size: generic code is compiled at the opt-level of the crate that instantiates it, so the state
//! comes in as a `dyn Database` and revm's handler and instruction table are instantiated here, once.

#![warn(unused_crate_dependencies)]

mod precompiles;
mod simulate;

pub use precompiles::{FirstModule, Reached};
pub use simulate::{Simulated, simulate, simulate_with};

use alloy_primitives::{Address, Bytes, U256};
use revm::context::result::{EVMError, ExecutionResult, Output};
use revm::context::{BlockEnv, Context, Evm, TxEnv};
use revm::database::State;
use revm::database_interface::DBErrorMarker;
use revm::database_interface::bal::EvmDatabaseError;
use revm::handler::instructions::EthInstructions;
use revm::handler::{EthFrame, MainnetContext, PrecompileProvider};
use revm::interpreter::InterpreterResult;
use revm::interpreter::interpreter::EthInterpreter;
use revm::primitives::hardfork::SpecId;
use revm::{Database, ExecuteEvm, MainContext};

/// The state a run reads: proven accounts, slots, code and block hashes behind one trait object.
pub type ProvenState<'a> = &'a mut dyn Database<Error = Missing>;

/// The precompiles this build runs: revm's own set where the `full` feature is on, else the first
/// module's ([`FirstModule`]).
#[cfg(feature = "full")]
pub type BuildPrecompiles = revm::handler::EthPrecompiles;
/// The precompiles this build runs: revm's own set where the `full` feature is on, else the first
/// module's ([`FirstModule`]).
#[cfg(not(feature = "full"))]
pub type BuildPrecompiles = FirstModule;

/// What a run's EVM executes over.
type Ctx<'a> = MainnetContext<State<ProvenState<'a>>>;

/// A precompile set runs can take.
pub trait RunPrecompiles<'a>: PrecompileProvider<Ctx<'a>, Output = InterpreterResult> + Reached {}

impl<'a, P: PrecompileProvider<Ctx<'a>, Output = InterpreterResult> + Reached> RunPrecompiles<'a> for P {}

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
    /// The call reached a precompile this build does not run ([`FirstModule`]).
    Precompile(Address),
}

/// Runs `tx` at `block` over `db` without committing anything (`eth_call` semantics: no balance,
/// base-fee, nonce or block-gas checks), with this build's precompiles.
pub fn run(db: ProvenState<'_>, spec: SpecId, chain_id: u64, block: BlockEnv, tx: TxEnv) -> Result<Execution, Interrupted> {
    run_with(BuildPrecompiles::new(spec), db, spec, chain_id, block, tx)
}

/// [`run`] with `precompiles`. Over revm's `State`, as [`simulate`] runs: one EVM type for both
/// keeps one copy of revm's handler and instruction table in the wasm (two cost ~75 KB of code).
pub fn run_with<'a>(precompiles: impl RunPrecompiles<'a>, db: ProvenState<'a>, spec: SpecId, chain_id: u64, block: BlockEnv, tx: TxEnv) -> Result<Execution, Interrupted> {
    let mut evm = evm(precompiles, db, spec, chain_id);
    evm.ctx.block = block;
    let result = evm.transact(tx).map_err(|e| interrupted(e, evm.precompiles.reached()))?;
    let gas_used = result.result.tx_gas_used();
    let outcome = match result.result {
        ExecutionResult::Success { output: Output::Call(bytes) | Output::Create(bytes, _), .. } => Outcome::Success(bytes),
        ExecutionResult::Revert { output, .. } => Outcome::Revert(output),
        ExecutionResult::Halt { reason, .. } => Outcome::Halt(format!("{reason:?}")),
    };
    let accessed = result.state.iter().map(|(a, acc)| (*a, acc.storage.keys().copied().collect())).collect();
    Ok(Execution { outcome, gas_used, accessed })
}

/// An EVM over `db` with `eth_call`'s configuration ([`call_cfg`]) and `precompiles`.
fn evm<'a, P: RunPrecompiles<'a>>(precompiles: P, db: ProvenState<'a>, spec: SpecId, chain_id: u64) -> Evm<Ctx<'a>, (), EthInstructions<EthInterpreter, Ctx<'a>>, P, EthFrame<EthInterpreter>> {
    let ctx = Context::mainnet().modify_cfg_chained(|cfg| call_cfg(cfg, spec, chain_id)).with_db(State::builder().with_database(db).build());
    Evm::new_with_inspector(ctx, (), EthInstructions::new_mainnet_with_spec(spec), precompiles)
}

/// Why a run over `State` stopped: state not proven yet, a precompile this build leaves to the full
/// module (`reached`), or a transaction the EVM refuses.
fn interrupted(e: EVMError<EvmDatabaseError<Missing>>, reached: Option<Address>) -> Interrupted {
    match (e, reached) {
        (EVMError::Database(EvmDatabaseError::Database(missing)), _) => Interrupted::Missing(missing),
        (_, Some(address)) => Interrupted::Precompile(address),
        (other, None) => Interrupted::Invalid(other.to_string()),
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
