//! l2geth transaction objects, whose metadata (queueOrigin, seqR/seqS/seqV, l1 fields) no hash
//! covers: the sequencer signature read and recovered, a recommit's named signer, and the
//! transaction hashed as l2geth commits it.
#![no_main]
use alloy_primitives::keccak256;
use libfuzzer_sys::fuzz_target;
use metis_lightnode::metis::sequencer;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let _ = sequencer::recommit_signer(data);
    let Ok(tx) = serde_json::from_slice::<Value>(data) else { return };
    if let Ok(Some(signature)) = sequencer::signature("tx", &tx) {
        let _ = sequencer::recover(0, keccak256(data), &signature);
    }
    let _ = metis_lightnode::api::transactions_root(&Value::Array(vec![tx]));
});
