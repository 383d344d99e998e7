//! The lane-wise Keccak-256 and SHA-256 against the scalar hashes: the input splits into a batch of
//! messages of any lengths (Keccak) and of 64-byte messages (SHA-256).
#![no_main]
use alloy_primitives::{B256, keccak256};
use libfuzzer_sys::fuzz_target;
use metis_lightnode::hash::lanes::Emulated;
use metis_lightnode::hash::{keccak256_lanes, sha256_lanes};
use sha2::{Digest, Sha256};

fuzz_target!(|data: &[u8]| {
    // Messages are separated by 0xff so the fuzzer can grow and shrink them independently.
    let messages: Vec<&[u8]> = data.split(|b| *b == 0xff).collect();
    let scalar: Vec<B256> = messages.iter().map(keccak256).collect();
    assert_eq!(keccak256_lanes::<Emulated<u64, 2>, _>(&messages), scalar);
    let blocks: Vec<[u8; 64]> = data.chunks_exact(64).filter_map(|c| c.try_into().ok()).collect();
    let scalar: Vec<B256> = blocks.iter().map(|b| B256::from_slice(&Sha256::digest(b))).collect();
    assert_eq!(sha256_lanes::<Emulated<u32, 4>>(&blocks), scalar);
});
