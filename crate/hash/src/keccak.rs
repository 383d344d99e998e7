//! Keccak-256 over two messages at once: Keccak-f[1600] on two states held lane-wise in [`U64x2`],
//! and a driver that refills a lane with the next message as soon as its message is squeezed, so a
//! batch of messages of any lengths keeps both lanes busy until the last one.

use super::lanes::U64x2;
use alloy_primitives::B256;

/// Keccak-256's rate: 1088 bits.
const RATE: usize = 136;
const RATE_WORDS: usize = RATE / 8;

const RC: [u64; 24] = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
];

/// ρ and π together, as tiny-keccak walks them: `(destination, rotation)` along π's cycle from lane 1.
macro_rules! rho_pi {
    ($a:ident, $(($j:literal, $r:literal)),*) => {{
        let mut last = $a[1];
        $(
            let tmp = $a[$j];
            $a[$j] = last.rotl($r);
            last = tmp;
        )*
        let _ = last;
    }};
}

/// Keccak-f[1600] on both lanes' states. Not inlined: one copy per lane type, not one per caller.
#[inline(never)]
pub fn keccak_f<L: U64x2>(a: &mut [L; 25]) {
    for rc in RC {
        // θ
        let c: [L; 5] = std::array::from_fn(|x| a[x].xor(a[x + 5]).xor(a[x + 10]).xor(a[x + 15]).xor(a[x + 20]));
        for x in 0..5 {
            let d = c[(x + 4) % 5].xor(c[(x + 1) % 5].rotl(1));
            for y in 0..5 {
                a[x + 5 * y] = a[x + 5 * y].xor(d);
            }
        }
        rho_pi!(
            a, (10, 1), (7, 3), (11, 6), (17, 10), (18, 15), (3, 21), (5, 28), (16, 36), (8, 45), (21, 55), (24, 2),
            (4, 14), (15, 27), (23, 41), (19, 56), (13, 8), (12, 25), (2, 43), (20, 62), (14, 18), (22, 39), (9, 61),
            (6, 20), (1, 44)
        );
        // χ: a[x] ^= !a[x+1] & a[x+2], row by row.
        for y in 0..5 {
            let row: [L; 5] = std::array::from_fn(|x| a[5 * y + x]);
            for x in 0..5 {
                a[5 * y + x] = row[x].xor(row[(x + 2) % 5].andnot(row[(x + 1) % 5]));
            }
        }
        // ι
        a[0] = a[0].xor(L::splat(rc));
    }
}

/// One lane's position in its message.
struct Cursor<'a> {
    message: &'a [u8],
    /// Where the message sits in the batch (its output slot).
    index: usize,
    /// Bytes absorbed so far.
    offset: usize,
}

impl Cursor<'_> {
    /// The next block's words, padded (pad10*1, Keccak's 0x01 domain byte) when it is the last one;
    /// the flag says whether it is.
    fn next_block(&mut self) -> ([u64; RATE_WORDS], bool) {
        let rest = self.message.get(self.offset..).unwrap_or_default();
        self.offset += RATE;
        // A whole block is read in place; a message ending on a boundary gets an all-padding block next.
        if let Some(full) = rest.get(..RATE) {
            return (words(full), false);
        }
        let mut block = [0u8; RATE];
        block[..rest.len()].copy_from_slice(rest);
        block[rest.len()] ^= 0x01;
        block[RATE - 1] ^= 0x80;
        (words(&block), true)
    }
}

/// A block's little-endian words.
#[inline(always)]
fn words(block: &[u8]) -> [u64; RATE_WORDS] {
    std::array::from_fn(|i| u64::from_le_bytes(block.get(8 * i..8 * i + 8).and_then(|w| w.try_into().ok()).unwrap_or_default()))
}

/// keccak256 of every message, two lanes at a time; lanes refill as their messages end.
pub fn keccak256_lanes<L: U64x2, M: AsRef<[u8]>>(messages: &[M]) -> Vec<B256> {
    lanes::<L>(&messages.iter().map(AsRef::as_ref).collect::<Vec<_>>())
}

pub(crate) fn lanes<L: U64x2>(messages: &[&[u8]]) -> Vec<B256> {
    let mut out = vec![B256::ZERO; messages.len()];
    // Longest first, so the lanes run out of work together and the tail is short messages.
    let mut order: Vec<usize> = (0..messages.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(messages[i].len()));
    let mut queue = order.into_iter().map(|index| Cursor { message: messages[index], index, offset: 0 }).peekable();
    let mut lanes: [Option<Cursor<'_>>; 2] = [queue.next(), queue.next()];
    let mut state = [L::splat(0); 25];
    loop {
        match (&lanes, queue.peek()) {
            ([None, None], _) => break,
            // One message left: the scalar permutation finishes it faster than a half-idle pair.
            ([Some(_), None] | [None, Some(_)], None) => {
                let i = usize::from(lanes[0].is_none());
                if let Some(cursor) = lanes[i].take() {
                    let mut scalar: [u64; 25] = std::array::from_fn(|w| state[w].lane(i));
                    let index = cursor.index;
                    out[index] = finish_scalar(&mut scalar, cursor);
                }
                break;
            }
            _ => {}
        }
        let mut words = [[0u64; RATE_WORDS]; 2];
        let mut finished = [false; 2];
        for (i, lane) in lanes.iter_mut().enumerate() {
            if let Some(cursor) = lane {
                (words[i], finished[i]) = cursor.next_block();
            }
        }
        for w in 0..RATE_WORDS {
            state[w] = state[w].xor(L::from_lanes(words[0][w], words[1][w]));
        }
        keccak_f(&mut state);
        for i in 0..2 {
            if !finished[i] {
                continue;
            }
            if let Some(cursor) = lanes[i].take() {
                out[cursor.index] = digest((0..4).map(|w| state[w].lane(i)));
            }
            lanes[i] = queue.next();
        }
        // Lanes whose message ended start again from zero (both at once when they ended together).
        match finished {
            [true, true] => state = [L::splat(0); 25],
            [true, false] | [false, true] => {
                let keep = usize::from(finished[0]);
                for word in &mut state {
                    let kept = word.lane(keep);
                    *word = if keep == 0 { L::from_lanes(kept, 0) } else { L::from_lanes(0, kept) };
                }
            }
            [false, false] => {}
        }
    }
    out
}

/// Absorbs the rest of `cursor`'s message into a scalar state and squeezes its hash.
fn finish_scalar(state: &mut [u64; 25], mut cursor: Cursor<'_>) -> B256 {
    loop {
        let (words, last) = cursor.next_block();
        for (s, w) in state.iter_mut().zip(words) {
            *s ^= w;
        }
        tiny_keccak::keccakf(state);
        if last {
            return digest(state[..4].iter().copied());
        }
    }
}

/// The first 256 bits of a state, little-endian words.
fn digest(words: impl Iterator<Item = u64>) -> B256 {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    B256::from(out)
}
