//! `eth_simulateV1`'s engine: blocks of calls run in order, each call on the state the calls before
//! it left (committed into revm's `State` over proven state), as geth runs them without validation.

use super::{Interrupted, Outcome, ProvenState, call_cfg, interrupted};
use alloy_primitives::Log;
use revm::context::result::{ExecutionResult, Output};
use revm::context::{BlockEnv, Context, TxEnv};
use revm::database::State;
use revm::primitives::hardfork::SpecId;
use revm::{ExecuteCommitEvm, MainBuilder, MainContext};

/// One simulated call: how it ended, its gas and its logs.
#[derive(Debug, Clone)]
pub struct Simulated {
    /// How it ended.
    pub outcome: Outcome,
    /// Gas used.
    pub gas_used: u64,
    /// Logs it emitted (none if it failed).
    pub logs: Vec<Log>,
}

/// Runs `blocks` (a block environment and its calls each) in order over `db`.
pub fn simulate(db: ProvenState<'_>, spec: SpecId, chain_id: u64, blocks: &[(BlockEnv, Vec<TxEnv>)]) -> Result<Vec<Vec<Simulated>>, Interrupted> {
    let state = State::builder().with_database(db).build();
    let mut evm = Context::mainnet().modify_cfg_chained(|cfg| call_cfg(cfg, spec, chain_id)).with_db(state).build_mainnet();
    let mut out = Vec::with_capacity(blocks.len());
    for (block, txs) in blocks {
        evm.ctx.block = block.clone();
        let mut results = Vec::with_capacity(txs.len());
        for tx in txs {
            let result = evm.transact_commit(tx.clone()).map_err(interrupted)?;
            let gas_used = result.tx_gas_used();
            results.push(match result {
                ExecutionResult::Success { output: Output::Call(bytes) | Output::Create(bytes, _), logs, .. } => Simulated { outcome: Outcome::Success(bytes), gas_used, logs },
                ExecutionResult::Revert { output, .. } => Simulated { outcome: Outcome::Revert(output), gas_used, logs: Vec::new() },
                ExecutionResult::Halt { reason, .. } => Simulated { outcome: Outcome::Halt(format!("{reason:?}")), gas_used, logs: Vec::new() },
            });
        }
        out.push(results);
    }
    Ok(out)
}
