//! Header and block JSON as an RPC server might send it: parsed, hashed, roots checked, or refused.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = metis_lightnode::api::verify_block(&value);
        let _ = metis_lightnode::api::verify_header_chain(&value, &value);
    }
});
