//! MetisVM: revm configured from the chain preset and a verified block, executing over state
//! proven against that block ([`ProofDb`]). The runs themselves are `metis-evm`'s, built for speed;
//! this module gives them the node's errors.

mod db;
mod env;
mod overrides;

pub use db::ProofDb;
pub use env::{block_env, spec_id, tx_env};
pub use metis_evm::{Execution, Missing, Outcome};
#[cfg(feature = "full")]
pub use metis_evm::Simulated;
pub use overrides::Overridden;

use crate::error::Error;
use revm::Database;
use revm::context::{BlockEnv, TxEnv};
use revm::primitives::hardfork::SpecId;

/// Why an execution did not finish.
#[derive(Debug)]
pub enum Interrupted {
    /// State not proven yet: fetch it, verify it, run again.
    Missing(Missing),
    /// The run cannot finish here: the transaction is invalid (a nonce or fee the EVM refuses), or
    /// it reaches a precompile only the package's full module runs.
    Refused(Error),
}

impl From<metis_evm::Interrupted> for Interrupted {
    fn from(e: metis_evm::Interrupted) -> Self {
        match e {
            metis_evm::Interrupted::Missing(missing) => Self::Missing(missing),
            metis_evm::Interrupted::Invalid(reason) => Self::Refused(Error::invalid("transaction", reason)),
            metis_evm::Interrupted::Precompile(address) => Self::Refused(Error::FullModule(format!("a call that reaches the precompile at {address}"))),
        }
    }
}

/// Runs `tx` at `block` over `db` without committing anything (`eth_call` semantics: no balance,
/// base-fee, nonce or block-gas checks).
pub fn run(mut db: impl Database<Error = Missing>, spec: SpecId, chain_id: u64, block: BlockEnv, tx: TxEnv) -> Result<Execution, Interrupted> {
    Ok(metis_evm::run(&mut db, spec, chain_id, block, tx)?)
}

/// Runs `blocks` (a block environment and its calls each) in order over `db`, each call on the
/// state the calls before it left (`eth_simulateV1`, the full module's).
#[cfg(feature = "full")]
pub fn simulate(mut db: impl Database<Error = Missing>, spec: SpecId, chain_id: u64, blocks: &[(BlockEnv, Vec<TxEnv>)]) -> Result<Vec<Vec<Simulated>>, Interrupted> {
    Ok(metis_evm::simulate(&mut db, spec, chain_id, blocks)?)
}
