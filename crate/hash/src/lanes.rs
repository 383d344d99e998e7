//! The lane operations the multi-lane hashes are written in: two `u64` lanes for Keccak, four `u32`
//! lanes for SHA-256. On wasm32 with simd128 they are single `v128` instructions; everywhere else an
//! array emulates them lane by lane, so the same hash code is tested natively against the scalar
//! hashes and runs unchanged in the browser.

/// Two 64-bit lanes.
pub trait U64x2: Copy {
    fn from_lanes(a: u64, b: u64) -> Self;
    fn lane(self, i: usize) -> u64;
    fn splat(x: u64) -> Self;
    fn xor(self, o: Self) -> Self;
    /// `self & !o`, one instruction on simd128 (`v128.andnot`).
    fn andnot(self, o: Self) -> Self;
    /// Rotate every lane left by `n` (1..=63).
    fn rotl(self, n: u32) -> Self;
}

/// Four 32-bit lanes.
pub trait U32x4: Copy {
    fn from_lanes(l: [u32; 4]) -> Self;
    fn lanes(self) -> [u32; 4];
    fn splat(x: u32) -> Self;
    fn add(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    fn andnot(self, o: Self) -> Self;
    fn shr(self, n: u32) -> Self;
    fn rotr(self, n: u32) -> Self;
}

/// The lanes as plain arrays: the reference the SIMD code is checked against natively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Emulated<T, const N: usize>(pub [T; N]);

impl U64x2 for Emulated<u64, 2> {
    fn from_lanes(a: u64, b: u64) -> Self {
        Self([a, b])
    }
    fn lane(self, i: usize) -> u64 {
        self.0[i & 1]
    }
    fn splat(x: u64) -> Self {
        Self([x; 2])
    }
    fn xor(self, o: Self) -> Self {
        Self([self.0[0] ^ o.0[0], self.0[1] ^ o.0[1]])
    }
    fn andnot(self, o: Self) -> Self {
        Self([self.0[0] & !o.0[0], self.0[1] & !o.0[1]])
    }
    fn rotl(self, n: u32) -> Self {
        Self([self.0[0].rotate_left(n), self.0[1].rotate_left(n)])
    }
}

impl U32x4 for Emulated<u32, 4> {
    fn from_lanes(l: [u32; 4]) -> Self {
        Self(l)
    }
    fn lanes(self) -> [u32; 4] {
        self.0
    }
    fn splat(x: u32) -> Self {
        Self([x; 4])
    }
    fn add(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
    }
    fn xor(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] ^ o.0[i]))
    }
    fn and(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] & o.0[i]))
    }
    fn andnot(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] & !o.0[i]))
    }
    fn shr(self, n: u32) -> Self {
        Self(self.0.map(|x| x >> n))
    }
    fn rotr(self, n: u32) -> Self {
        Self(self.0.map(|x| x.rotate_right(n)))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{U32x4, U64x2};
    use core::arch::wasm32::*;

    /// A `v128` read as two `u64` lanes.
    #[derive(Clone, Copy)]
    pub struct V64x2(v128);

    /// A `v128` read as four `u32` lanes.
    #[derive(Clone, Copy)]
    pub struct V32x4(v128);

    impl U64x2 for V64x2 {
        #[inline(always)]
        fn from_lanes(a: u64, b: u64) -> Self {
            Self(u64x2(a, b))
        }
        #[inline(always)]
        fn lane(self, i: usize) -> u64 {
            if i & 1 == 0 { u64x2_extract_lane::<0>(self.0) } else { u64x2_extract_lane::<1>(self.0) }
        }
        #[inline(always)]
        fn splat(x: u64) -> Self {
            Self(u64x2_splat(x))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            Self(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn andnot(self, o: Self) -> Self {
            Self(v128_andnot(self.0, o.0))
        }
        #[inline(always)]
        fn rotl(self, n: u32) -> Self {
            // simd128 has no rotate; byte-multiple rotations are one shuffle (pshufb), the rest two
            // shifts and an or.
            match n {
                8 => Self(i8x16_shuffle::<7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14>(self.0, self.0)),
                56 => Self(i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8>(self.0, self.0)),
                _ => Self(v128_or(u64x2_shl(self.0, n), u64x2_shr(self.0, 64 - n))),
            }
        }
    }

    impl U32x4 for V32x4 {
        #[inline(always)]
        fn from_lanes(l: [u32; 4]) -> Self {
            Self(u32x4(l[0], l[1], l[2], l[3]))
        }
        #[inline(always)]
        fn lanes(self) -> [u32; 4] {
            [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<1>(self.0),
                u32x4_extract_lane::<2>(self.0),
                u32x4_extract_lane::<3>(self.0),
            ]
        }
        #[inline(always)]
        fn splat(x: u32) -> Self {
            Self(u32x4_splat(x))
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            Self(u32x4_add(self.0, o.0))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            Self(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            Self(v128_and(self.0, o.0))
        }
        #[inline(always)]
        fn andnot(self, o: Self) -> Self {
            Self(v128_andnot(self.0, o.0))
        }
        #[inline(always)]
        fn shr(self, n: u32) -> Self {
            Self(u32x4_shr(self.0, n))
        }
        #[inline(always)]
        fn rotr(self, n: u32) -> Self {
            Self(v128_or(u32x4_shr(self.0, n), u32x4_shl(self.0, 32 - n)))
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::{V32x4, V64x2};
