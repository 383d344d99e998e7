//! Receipts as JSON objects, their root and an inclusion proof over the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let _ = metis_lightnode::api::receipts_root(&Value::Array(vec![value.clone()]));
        let _ = metis_lightnode::api::verify_receipt_proof(&format!("0x{}", "00".repeat(32)), 0, &value, &value);
    }
});
