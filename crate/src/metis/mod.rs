//! Metis Andromeda's own trust: blocks signed by the epoch's sequencer (proven from the
//! `MetisSequencerSet` contract's storage) and state roots committed on L1 (the Optimism-legacy
//! StateCommitmentChain). Facts and sources: shared/docs/protocol-facts.md.

pub mod merkle;
pub mod scc;
pub mod sequencer;
