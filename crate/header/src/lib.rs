//! Execution-layer headers from RPC JSON: the decoder a header sync runs once per header.
//!
//! A crate of its own so that it is built for speed while the node crate is built for size: serde's
//! deserializer is compiled where it is instantiated, and here that is at opt-level 3 (headers
//! decoded 1.32x slower in the size-built node crate). The caller turns a failure into its own
//! error (which may name the field's path) by decoding again its own way.

#![warn(unused_crate_dependencies)]

use alloy_consensus::Header;
use serde::Deserialize;
use serde_json::Value;

/// The header `value` holds, in the JSON-RPC API's field names.
pub fn from_json(value: &Value) -> Result<Header, serde_json::Error> {
    Header::deserialize(value)
}
