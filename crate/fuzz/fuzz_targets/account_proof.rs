//! `eth_getProof` answers as JSON: the account proof walked against the hash of its first node (so
//! the walk gets past the root), every storage proof against the proven storage root, and code
//! against a code hash.
#![no_main]
use alloy_primitives::{hex, keccak256};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(answer) = serde_json::from_slice::<Value>(data) else { return };
    let first = answer.get("accountProof").and_then(|p| p.get(0)).and_then(Value::as_str).and_then(|n| hex::decode(n).ok());
    let root = hex::encode_prefixed(keccak256(first.unwrap_or_default()));
    let _ = metis_lightnode::api::verify_account_proof(&root, &answer);
    if let (Some(hash), Some(code)) = (answer.get("codeHash").and_then(Value::as_str), answer.get("code").and_then(Value::as_str)) {
        let _ = metis_lightnode::api::verify_code(hash, code);
    }
});
