//! SHA-256 of 64-byte messages (two 32-byte SSZ chunks) four at a time: the compression function on
//! [`U32x4`] lanes, one message per lane.

use super::lanes::U32x4;
use alloy_primitives::B256;

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// The second block of every 64-byte message (the 0x80 pad byte and the length, 512 bits) is the
/// same for all: its message schedule, plus the round constants, is computed once, at compile time,
/// as SSZ hashers (hashtree, gohashtree) do.
const PAD_SCHEDULE: [u32; 64] = {
    let mut w = [0u32; 64];
    w[0] = 0x8000_0000;
    w[15] = 512;
    let mut t = 16;
    while t < 64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
        t += 1;
    }
    let mut t = 0;
    while t < 64 {
        w[t] = w[t].wrapping_add(K[t]);
        t += 1;
    }
    w
};

/// SHA-256's compression of one block per lane into `h`.
#[inline(always)]
fn compress<L: U32x4>(h: &mut [L; 8], block: [L; 16]) {
    let mut w = [L::splat(0); 64];
    w[..16].copy_from_slice(&block);
    for t in 16..64 {
        let s0 = w[t - 15].rotr(7).xor(w[t - 15].rotr(18)).xor(w[t - 15].shr(3));
        let s1 = w[t - 2].rotr(17).xor(w[t - 2].rotr(19)).xor(w[t - 2].shr(10));
        w[t] = w[t - 16].add(s0).add(w[t - 7]).add(s1);
    }
    for (t, x) in w.iter_mut().enumerate() {
        *x = x.add(L::splat(K[t]));
    }
    rounds(h, &w);
}

/// The 64 rounds over a schedule that already holds the round constants.
#[inline(always)]
fn rounds<L: U32x4>(h: &mut [L; 8], wk: &[L; 64]) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
    for &wk_t in wk {
        let s1 = e.rotr(6).xor(e.rotr(11)).xor(e.rotr(25));
        let ch = e.and(f).xor(g.andnot(e));
        let t1 = hh.add(s1).add(ch).add(wk_t);
        let s0 = a.rotr(2).xor(a.rotr(13)).xor(a.rotr(22));
        let maj = a.and(b).xor(a.and(c)).xor(b.and(c));
        let t2 = s0.add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.add(t2);
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
        *x = x.add(y);
    }
}

/// SHA-256 of four 64-byte messages, one per lane.
#[inline(always)]
fn hash4<L: U32x4>(messages: [&[u8; 64]; 4]) -> [B256; 4] {
    let word = |m: &[u8; 64], t: usize| u32::from_be_bytes([m[4 * t], m[4 * t + 1], m[4 * t + 2], m[4 * t + 3]]);
    let block: [L; 16] = std::array::from_fn(|t| L::from_lanes(messages.map(|m| word(m, t))));
    let mut h = H0.map(L::splat);
    compress(&mut h, block);
    rounds(&mut h, &PAD_SCHEDULE.map(L::splat));
    let words = h.map(L::lanes);
    std::array::from_fn(|lane| {
        let mut digest = [0u8; 32];
        for (i, w) in words.iter().enumerate() {
            digest[4 * i..4 * i + 4].copy_from_slice(&w[lane].to_be_bytes());
        }
        B256::from(digest)
    })
}

/// SHA-256 of each 64-byte message, four lanes at a time; a short last group fills its idle lanes
/// with the group's first message and drops their digests.
pub fn sha256_lanes<L: U32x4>(messages: &[[u8; 64]]) -> Vec<B256> {
    let mut out = Vec::with_capacity(messages.len());
    for group in messages.chunks(4) {
        let digests = hash4::<L>(std::array::from_fn(|i| group.get(i).unwrap_or(&group[0])));
        out.extend_from_slice(&digests[..group.len()]);
    }
    out
}
