//! `eth_simulateV1`'s engine: blocks of calls run in order, each call on the state the calls before
//! it left (committed into revm's `State` over proven state), as geth runs them without validation.

use super::{BuildPrecompiles, Interrupted, Outcome, ProvenState, RunPrecompiles, evm, interrupted};
use alloy_primitives::Log;
use revm::ExecuteCommitEvm;
use revm::context::result::{ExecutionResult, Output};
use revm::context::{BlockEnv, TxEnv};
use revm::primitives::hardfork::SpecId;

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

/// Runs `blocks` (a block environment and its calls each) in order over `db`, with this build's
/// precompiles.
pub fn simulate(db: ProvenState<'_>, spec: SpecId, chain_id: u64, blocks: &[(BlockEnv, Vec<TxEnv>)]) -> Result<Vec<Vec<Simulated>>, Interrupted> {
    simulate_with(BuildPrecompiles::new(spec), db, spec, chain_id, blocks)
}

/// [`simulate`] with `precompiles`.
pub fn simulate_with<'a>(precompiles: impl RunPrecompiles<'a>, db: ProvenState<'a>, spec: SpecId, chain_id: u64, blocks: &[(BlockEnv, Vec<TxEnv>)]) -> Result<Vec<Vec<Simulated>>, Interrupted> {
    let mut evm = evm(precompiles, db, spec, chain_id);
    let mut out = Vec::with_capacity(blocks.len());
    for (block, txs) in blocks {
        evm.ctx.block = block.clone();
        let mut results = Vec::with_capacity(txs.len());
        for tx in txs {
            let result = evm.transact_commit(tx.clone()).map_err(|e| interrupted(e, evm.precompiles.reached()))?;
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
