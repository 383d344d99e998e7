//! Merkle-Patricia proof walking: the input splits into a key and proof nodes; the root is the first
//! node's hash, so the walk gets past the root check and into node decoding.
#![no_main]
use alloy_primitives::{Bytes, keccak256};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&key_len, rest)) = data.split_first() else { return };
    let key_len = usize::from(key_len % 34).min(rest.len());
    let (key, rest) = rest.split_at(key_len);
    // Nodes are separated by 0xff so the fuzzer can grow and shrink them independently.
    let proof: Vec<Bytes> = rest.split(|b| *b == 0xff).map(|n| Bytes::copy_from_slice(n)).collect();
    let root = proof.first().map(|n| keccak256(n)).unwrap_or_default();
    let _ = metis_lightnode::verify::verify_proof(root, key, &proof);
});
