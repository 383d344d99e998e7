//! The batched hashes against the scalar ones: the test vectors at every padding boundary, and random
//! batches of random lengths. Natively the lane code runs on emulated lanes; in Chromium the public
//! functions run the real simd128 code.

use alloy_primitives::{B256, b256, keccak256};
use metis_lightnode::hash::lanes::Emulated;
use metis_lightnode::hash::{SIMD, keccak256_each, keccak256_lanes, sha256_each, sha256_lanes, sha256_merkle_root};
use sha2::{Digest, Sha256};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A deterministic stream of pseudo-random numbers (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn keccak_both(messages: &[Vec<u8>]) -> Vec<B256> {
    let expected: Vec<B256> = messages.iter().map(keccak256).collect();
    assert_eq!(keccak256_each(messages), expected);
    assert_eq!(keccak256_lanes::<Emulated<u64, 2>, _>(messages), expected);
    expected
}

fn sha_both(messages: &[[u8; 64]]) -> Vec<B256> {
    let expected: Vec<B256> = messages.iter().map(|m| B256::from_slice(&Sha256::digest(m))).collect();
    assert_eq!(sha256_each(messages), expected);
    assert_eq!(sha256_lanes::<Emulated<u32, 4>>(messages), expected);
    expected
}

#[test]
fn the_simd_build_hashes_on_lanes() {
    assert_eq!(SIMD, cfg!(all(target_arch = "wasm32", target_feature = "simd128")));
}

#[test]
fn keccak_vectors_at_every_padding_boundary() {
    let empty = b256!("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    let abc = b256!("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    assert_eq!(keccak_both(&[vec![], b"abc".to_vec()]), [empty, abc]);
    // Empty, rate-1, rate, rate+1, two blocks and a bit, in one batch and lanes of unequal lengths.
    let lengths = [0usize, 1, 31, 32, 135, 136, 137, 271, 272, 273, 532, 1000];
    let mut rng = Rng(1);
    let messages: Vec<Vec<u8>> = lengths.iter().map(|&n| rng.bytes(n)).collect();
    keccak_both(&messages);
    // One megabyte beside a short message: the short lane refills while the long one runs on.
    keccak_both(&[rng.bytes(1 << 20), rng.bytes(5), rng.bytes(200), vec![]]);
}

#[test]
fn keccak_of_random_batches_matches_the_scalar_hash() {
    let mut rng = Rng(0x5eed);
    for _ in 0..200 {
        let count = rng.below(12);
        let messages: Vec<Vec<u8>> = (0..count).map(|_| {
            let len = rng.below(700);
            rng.bytes(len)
        }).collect();
        keccak_both(&messages);
    }
}

#[test]
fn sha256_vectors_and_random_batches() {
    let zero = b256!("0xf5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
    assert_eq!(sha_both(&[[0u8; 64]]), [zero]);
    let mut rng = Rng(7);
    for count in 0..20 {
        let messages: Vec<[u8; 64]> = (0..count).map(|_| rng.bytes(64).try_into().unwrap()).collect();
        sha_both(&messages);
    }
}

#[test]
fn merkle_root_is_the_pairwise_tree() {
    // The SSZ zero hashes: the root of 2^k zero chunks.
    let zero4 = b256!("0xdb56114e00fdd4c1f85c892bf35ac9a89289aaecb1ebd0a96cde606a748b5d71");
    assert_eq!(sha256_merkle_root(vec![B256::ZERO; 4]), Some(zero4));
    assert_eq!(sha256_merkle_root(vec![B256::ZERO; 3]), None);
    let leaves: Vec<B256> = (0..8u8).map(B256::repeat_byte).collect();
    let pair = |a: &B256, b: &B256| B256::from_slice(&Sha256::new().chain_update(a).chain_update(b).finalize());
    let l1: Vec<B256> = leaves.chunks(2).map(|p| pair(&p[0], &p[1])).collect();
    let l2: Vec<B256> = l1.chunks(2).map(|p| pair(&p[0], &p[1])).collect();
    assert_eq!(sha256_merkle_root(leaves), Some(pair(&l2[0], &l2[1])));
}
