//! `Lib_MerkleTree` (Optimism legacy, used by Metis's StateCommitmentChain): a binary keccak tree
//! whose odd rows are padded with the default hash of that depth; `defaults[0] = keccak256(0x00..)`
//! and `defaults[i] = keccak256(defaults[i-1] ++ defaults[i-1])`, so it equals padding the leaves
//! to a power of two with `keccak256(bytes32(0))`. One leaf is its own root.

use alloy_primitives::{B256, keccak256};

fn pair(left: B256, right: B256) -> B256 {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(left.as_slice());
    buf[32..].copy_from_slice(right.as_slice());
    keccak256(buf)
}

/// The padding hash of each depth.
fn default_at(depth: usize) -> B256 {
    (0..depth).fold(keccak256(B256::ZERO), |d, _| pair(d, d))
}

/// `Lib_MerkleTree.getMerkleRoot`; `None` for no leaves (the contract reverts).
pub fn root(leaves: &[B256]) -> Option<B256> {
    let mut row = leaves.to_vec();
    if row.is_empty() {
        return None;
    }
    let mut depth = 0;
    while row.len() > 1 {
        let padding = default_at(depth);
        row = row.chunks(2).map(|c| pair(c[0], c.get(1).copied().unwrap_or(padding))).collect();
        depth += 1;
    }
    row.first().copied()
}

/// The siblings proving leaf `index` (bottom-up), as `Lib_MerkleTree.verify` takes them.
pub fn siblings(leaves: &[B256], index: usize) -> Vec<B256> {
    let mut row = leaves.to_vec();
    let (mut index, mut depth, mut out) = (index, 0, Vec::new());
    while row.len() > 1 {
        let padding = default_at(depth);
        out.push(row.get(index ^ 1).copied().unwrap_or(padding));
        row = row.chunks(2).map(|c| pair(c[0], c.get(1).copied().unwrap_or(padding))).collect();
        index >>= 1;
        depth += 1;
    }
    out
}

/// `Lib_MerkleTree.verify`: whether `leaf` sits at `index` of a tree of `total` leaves under `root`.
pub fn verify(root: B256, leaf: B256, index: u64, siblings: &[B256], total: u64) -> bool {
    if total == 0 || index >= total || siblings.len() as u64 != u64::from(total.next_power_of_two().trailing_zeros()) {
        return false;
    }
    let mut computed = leaf;
    let mut index = index;
    for sibling in siblings {
        computed = if index & 1 == 1 { pair(*sibling, computed) } else { pair(computed, *sibling) };
        index >>= 1;
    }
    computed == root
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::b256;

    #[test]
    fn defaults_match_the_contracts_table() {
        assert_eq!(default_at(0), b256!("290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563"));
        assert_eq!(default_at(1), b256!("633dc4d7da7256660a892f8f1604a44b5432649cc8ec5cb3ced4c4e6ac94dd1d"));
        assert_eq!(default_at(15), b256!("2def10d13dd169f550f578bda343d9717a138562e0093b380a1120789d53cf10"));
    }

    #[test]
    fn every_leaf_of_every_size_verifies_and_tampering_does_not() {
        for n in 1..=9u64 {
            let leaves: Vec<B256> = (0..n).map(|i| keccak256(i.to_be_bytes())).collect();
            let r = root(&leaves).unwrap();
            for (i, leaf) in leaves.iter().enumerate() {
                let s = siblings(&leaves, i);
                assert!(verify(r, *leaf, i as u64, &s, n), "n={n} i={i}");
                assert!(!verify(r, keccak256(b"other"), i as u64, &s, n));
                if n > 1 {
                    assert!(!verify(r, *leaf, i as u64 ^ 1, &s, n), "the proof of one index is not another's");
                }
                if let Some(first) = s.first() {
                    let mut bad = s.clone();
                    bad[0] = pair(*first, *first);
                    assert!(!verify(r, *leaf, i as u64, &bad, n));
                }
            }
        }
        assert_eq!(root(&[]), None);
        let one = keccak256(b"one");
        assert_eq!(root(&[one]), Some(one));
    }
}
