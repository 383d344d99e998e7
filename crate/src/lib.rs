//! metis-lightnode: a light client for the Metis chains and LazAI that checks every byte an RPC
//! server returns against a trust anchor before anyone sees it.
//!
//! Map: [`verify`] holds the pure verifiers (headers, proofs, roots, accounts); [`chain`] the chain
//! presets; [`json`] parses untrusted RPC JSON at the edge; `wasm` (wasm32 only) is the thin
//! JavaScript binding; [`bench`] the measured workloads shared by the CLI and the wasm build.

#![warn(unused_crate_dependencies)]

// Dependencies of the CLI binary (its argument parser, the verifying proxy's executor and HTTP server).
#[cfg(not(target_arch = "wasm32"))]
use {clap as _, clap_complete as _, futures as _, http_body_util as _, hyper as _, hyper_util as _};
// Linked for its `js` feature only (getrandom 0.2 under k256).
#[cfg(target_arch = "wasm32")]
use getrandom as _;

pub mod api;
pub mod beacon;
#[cfg(feature = "full")]
pub mod bench;
pub mod chain;
#[cfg(feature = "full")]
pub mod conformance;
pub mod error;
#[cfg(feature = "full")]
pub mod exec;
/// Batched hashing on wasm simd128 lanes (its own crate, built for speed).
pub use metis_hash as hash;
pub mod json;
#[cfg(feature = "full")]
pub mod lazai;
pub mod metis;
pub mod node;
pub mod rpc;
pub mod store;
pub mod verify;
pub mod vm;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use chain::ChainSpec;
pub use error::{Error, ProofError, Result, RootKind, RpcFailure};
