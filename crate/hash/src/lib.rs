//! Batched hashing: many independent Keccak-256 or SHA-256 hashes at once, on wasm simd128 lanes.
//!
//! Where the node hashes in bulk (the nodes of a batch of proofs, MetisDB's re-hash on read, a
//! block's transaction hashes, an SSZ tree level) it calls these instead of hashing one message at a
//! time. The SIMD build runs two Keccak states or four SHA-256 states per `v128`; the scalar build
//! and native builds hash one by one with the scalar code, since a lane-emulated hash is slower than
//! a scalar one. A batch too small to fill the lanes goes the scalar way too, so the SIMD path is
//! never the slower one.
//!
//! A crate of its own so that it is built for speed while the node crate is built for size: generic
//! code is compiled at the opt-level of the crate that instantiates it, so every entry the node calls
//! is non-generic (or a shim over one) and the lanes are instantiated here.

#![warn(unused_crate_dependencies)]

mod keccak;
pub mod lanes;
mod sha256;

pub use keccak::{keccak256_lanes, keccak_f};
pub use sha256::sha256_lanes;

use alloy_primitives::{B256, keccak256};
use sha2::{Digest, Sha256};

/// Whether this build hashes on SIMD lanes (`simd128` in wasm).
pub const SIMD: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// keccak256 of each message, in order.
#[inline]
pub fn keccak256_each<M: AsRef<[u8]>>(messages: &[M]) -> Vec<B256> {
    keccak256_slices(&messages.iter().map(AsRef::as_ref).collect::<Vec<_>>())
}

/// [`keccak256_each`] over slices: the one instantiation, compiled here.
pub fn keccak256_slices(messages: &[&[u8]]) -> Vec<B256> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if messages.len() >= 2 {
        return keccak::lanes::<lanes::V64x2>(messages);
    }
    messages.iter().map(keccak256).collect()
}

/// SHA-256 of each 64-byte message (a pair of 32-byte SSZ chunks), in order.
pub fn sha256_each(messages: &[[u8; 64]]) -> Vec<B256> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if messages.len() >= 2 {
        // A lone message left over from groups of four would waste three lanes: it goes scalar.
        let (wide, rest) = messages.split_at(messages.len() - usize::from(messages.len() % 4 == 1));
        let mut out = sha256_lanes::<lanes::V32x4>(wide);
        out.extend(rest.iter().map(sha256));
        return out;
    }
    messages.iter().map(sha256).collect()
}

fn sha256(message: &[u8; 64]) -> B256 {
    B256::from_slice(&Sha256::digest(message))
}

/// The root of a binary SHA-256 Merkle tree over `leaves` (SSZ `merkleize` of a full, power-of-two
/// sized vector), one batch per level. `None` when the count is not a power of two.
pub fn sha256_merkle_root(mut level: Vec<B256>) -> Option<B256> {
    if !level.len().is_power_of_two() {
        return None;
    }
    while level.len() > 1 {
        let pairs: Vec<[u8; 64]> = level
            .chunks_exact(2)
            .map(|p| {
                let mut m = [0u8; 64];
                m[..32].copy_from_slice(p[0].as_slice());
                m[32..].copy_from_slice(p[1].as_slice());
                m
            })
            .collect();
        level = sha256_each(&pairs);
    }
    level.first().copied()
}

