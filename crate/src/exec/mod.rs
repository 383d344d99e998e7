//! Block re-execution: a browser node checks the producer's execution instead of trusting it.
//! [`execute`] runs a block with MetisVM (revm) on a witness ([`WitnessState`]: sparse tries
//! revealed by proofs against the parent's state root) and [`Executed::check`] compares gas,
//! receipts, bloom, requests and the post-state root with the header.

mod block;
mod genesis;
mod sparse_trie;
mod state;
mod system;
mod tx;

pub use block::{Block, Executed, Rules, execute, execute_observed, validate};
pub use sparse_trie::{NodeMap, SparseTrie, TrieMissing};
pub use genesis::{genesis_header, genesis_state};
pub use state::{Missing, WitnessState};
pub use system::Fault;
