//! Ethereum's consensus as the root of trust: the Altair sync-committee light-client protocol
//! (bootstrap from a trusted beacon block root, then updates signed by each period's committee), for
//! every fork from Altair to Fulu, with the execution block hashes it proves.

pub mod bls;
mod error;
mod json;
pub mod network;
#[cfg(feature = "full")]
pub mod spec_test;
mod store;
mod sync;
pub mod types;
pub mod wire;

pub use error::BeaconError;
pub use network::{Fork, Mainnet, Minimal, Network, Preset};
pub use sync::{BeaconConfig, BeaconSync, MAX_CHECKPOINT_AGE_S, Proof, ProvenExecution};
pub use store::{LightClient, MIN_SYNC_COMMITTEE_PARTICIPANTS, Store, execution_root};
