//! The edge: untrusted RPC JSON parsed once into alloy types, with the path of any field at fault.

use crate::error::{Error, Result};
use alloy_primitives::{B256, Bytes, hex};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `value` as `T`; an error names `what` and the path inside it, e.g. `block.transactions[2].gas`.
#[cfg(feature = "full")]
pub fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { what.to_owned() } else { format!("{what}.{path}") };
        Error::invalid(field, e.inner())
    })
}

/// Parses `value` as `T`; an error names `what` and serde's reason (which names the field or the
/// type at fault) but not the path inside: tracking paths wraps every deserializer and was 236 KB
/// of the first module's 2,757 KB of code (`node scripts/size-profile.mjs`).
#[cfg(not(feature = "full"))]
pub fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T> {
    T::deserialize(value).map_err(|e| Error::invalid(what, e))
}

/// Parses a `0x`-prefixed 32-byte hash.
pub fn parse_b256(field: &str, s: &str) -> Result<B256> {
    let bytes = parse_hex(field, s)?;
    B256::try_from(bytes.as_ref())
        .map_err(|_| Error::invalid(field, format!("expected 32 bytes, got {}", bytes.len())))
}

/// Parses `0x`-prefixed hex bytes.
pub fn parse_hex(field: &str, s: &str) -> Result<Bytes> {
    let digits = s
        .strip_prefix("0x")
        .ok_or_else(|| Error::invalid(field, "hex must start with 0x"))?;
    hex::decode(digits).map(Bytes::from).map_err(|e| Error::invalid(field, e))
}

/// Parses a JSON array of `0x` hex strings, e.g. a proof.
pub fn parse_hex_list(field: &str, value: &Value) -> Result<Vec<Bytes>> {
    let items = value.as_array().ok_or_else(|| Error::invalid(field, "expected an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let name = format!("{field}[{i}]");
            let s = item.as_str().ok_or_else(|| Error::invalid(&name, "expected a hex string"))?;
            parse_hex(&name, s)
        })
        .collect()
}

/// The claimed `hash` of an RPC object, if it has one.
pub fn claimed_hash(what: &str, value: &Value) -> Result<Option<B256>> {
    match value.get("hash") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_b256(&format!("{what}.hash"), s).map(Some),
        Some(_) => Err(Error::invalid(format!("{what}.hash"), "expected a hex string")),
    }
}
