//! Transactions from raw EIP-2718 bytes (types 0-4) and from JSON objects.
#![no_main]
use alloy_primitives::hex;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let raw = Value::Array(vec![Value::String(hex::encode_prefixed(data))]);
    let _ = metis_lightnode::api::transactions_root(&raw);
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let _ = metis_lightnode::api::transactions_root(&Value::Array(vec![value]));
    }
});
