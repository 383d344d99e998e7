//! Merkle-Patricia proofs: walks a proof from a trusted root to the value of a key, or to the node
//! that shows the key is absent.
//!
//! alloy-trie's `verify_proof` checks a proof against a value the caller already expects; a light
//! client needs the value the proof *shows* (and must tolerate the extra inline-node items some
//! servers send), so the walk is ours, on alloy-trie's node decoder.

use crate::error::ProofError;
use alloy_primitives::{B256, Bytes, keccak256};
use alloy_rlp::Decodable;
use alloy_trie::{EMPTY_ROOT_HASH, Nibbles, nodes::TrieNode};

/// The longest key a trie of this kind holds: 32 bytes (64 nibbles).
pub const MAX_KEY_LEN: usize = 32;

/// Follows `proof` from `root` along `key` and returns the leaf value it proves, or `None` when the
/// proof shows that `key` is absent.
///
/// Proof items must come in path order (root first), as `eth_getProof` and geth's `Prove` give them.
/// Items past the end of the path are ignored, and so is an item that repeats an inline (<32-byte)
/// node its parent already embeds. A truncated, reordered or foreign proof fails with the position of
/// the first bad item.
pub fn verify_proof(root: B256, key: &[u8], proof: &[Bytes]) -> Result<Option<Vec<u8>>, ProofError> {
    walk(root, key, proof).map(|(value, _)| value)
}

/// As [`verify_proof`], also returning how many leading proof items the walk used (the rest are
/// unreferenced extras a server added).
pub fn walk(root: B256, key: &[u8], proof: &[Bytes]) -> Result<(Option<Vec<u8>>, usize), ProofError> {
    walk_with(root, key, proof, |_, item| keccak256(item))
}

/// As [`walk`], with the items' hashes already computed (`hashes[i]` is keccak256 of `proof[i]`), as
/// a batch of proofs hashes all its items at once.
pub fn walk_hashed(root: B256, key: &[u8], proof: &[Bytes], hashes: &[B256]) -> Result<(Option<Vec<u8>>, usize), ProofError> {
    walk_with(root, key, proof, |i, item| hashes.get(i).copied().unwrap_or_else(|| keccak256(item)))
}

fn walk_with(root: B256, key: &[u8], proof: &[Bytes], hash: impl Fn(usize, &[u8]) -> B256) -> Result<(Option<Vec<u8>>, usize), ProofError> {
    if key.len() > MAX_KEY_LEN {
        return Err(ProofError::Decode { index: 0, reason: format!("key of {} bytes is longer than 32", key.len()) });
    }
    let path = Nibbles::unpack(key);
    if proof.is_empty() {
        return if root == EMPTY_ROOT_HASH {
            Ok((None, 0))
        } else {
            Err(ProofError::Truncated { index: 0, expected: root })
        };
    }

    let mut next = 0usize;
    let mut walked = 0usize;
    let mut child = Child::Hash(root);
    loop {
        let (index, node_rlp): (usize, &[u8]) = match &child {
            Child::Hash(expected) => {
                let item = proof.get(next).ok_or(ProofError::Truncated { index: next, expected: *expected })?;
                let got = hash(next, item);
                if got != *expected {
                    return Err(ProofError::NodeMismatch { index: next, expected: *expected, got });
                }
                next += 1;
                (next - 1, item.as_ref())
            }
            Child::Inline(index, bytes) => {
                if proof.get(next).is_some_and(|item| item.as_ref() == bytes.as_slice()) {
                    next += 1;
                }
                (*index, bytes.as_slice())
            }
        };
        let node = TrieNode::decode(&mut &node_rlp[..])
            .map_err(|e| ProofError::Decode { index, reason: e.to_string() })?;
        child = match node {
            TrieNode::EmptyRoot if index == 0 => return Ok((None, next)),
            TrieNode::EmptyRoot => return Err(ProofError::UnexpectedEmptyNode { index }),
            TrieNode::Leaf(leaf) => {
                return Ok(((path.slice(walked..) == leaf.key).then_some(leaf.value), next));
            }
            TrieNode::Extension(ext) => {
                if !path.slice(walked..).starts_with(&ext.key) {
                    return Ok((None, next));
                }
                walked += ext.key.len();
                Child::from_ref(index, ext.child.as_slice())
            }
            TrieNode::Branch(branch) => {
                // A key ending at a branch would hold a branch value, which these tries never store.
                let Some(nibble) = path.get(walked) else { return Ok((None, next)) };
                walked += 1;
                if !branch.state_mask.is_bit_set(nibble) {
                    return Ok((None, next));
                }
                // The stack holds only the present children, in nibble order.
                let position = (branch.state_mask.get() & ((1u16 << nibble) - 1)).count_ones() as usize;
                let child_ref = branch.stack.get(position).ok_or_else(|| ProofError::Decode {
                    index,
                    reason: "branch child missing from its stack".to_owned(),
                })?;
                Child::from_ref(index, child_ref.as_slice())
            }
        };
    }
}

/// How a parent refers to a child: by hash, or by embedding a short node inline.
enum Child {
    Hash(B256),
    Inline(usize, Vec<u8>),
}

impl Child {
    /// `reference` is the raw RLP item in the parent: a 32-byte string (hash) or an inline node.
    fn from_ref(parent: usize, reference: &[u8]) -> Self {
        match reference {
            [0xa0, hash @ ..] if hash.len() == 32 => Self::Hash(B256::from_slice(hash)),
            inline => Self::Inline(parent, inline.to_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_trie::{HashBuilder, proof::ProofRetainer};

    /// A trie of `n` keccak-keyed entries built by alloy-trie, with proofs retained for `targets`.
    fn trie(n: u64, targets: &[B256]) -> (B256, HashBuilder) {
        let mut entries: Vec<(B256, Vec<u8>)> =
            (0..n).map(|i| (keccak256(i.to_be_bytes()), alloy_rlp::encode(i + 1))).collect();
        entries.sort();
        let retainer = ProofRetainer::new(targets.iter().map(Nibbles::unpack).collect());
        let mut hb = HashBuilder::default().with_proof_retainer(retainer);
        for (k, v) in &entries {
            hb.add_leaf(Nibbles::unpack(k), v);
        }
        (hb.root(), hb)
    }

    fn proof_for(hb: &mut HashBuilder, key: &B256) -> Vec<Bytes> {
        hb.take_proof_nodes().matching_nodes_sorted(&Nibbles::unpack(key)).into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn proves_present_and_absent_keys_of_tries_of_many_sizes() {
        for n in [1u64, 2, 3, 16, 17, 100, 1000] {
            let present = keccak256((n / 2).to_be_bytes());
            let absent = keccak256((n + 7).to_be_bytes());
            for (key, expected) in [(present, Some(alloy_rlp::encode(n / 2 + 1))), (absent, None)] {
                let (root, mut hb) = trie(n, &[key]);
                let proof = proof_for(&mut hb, &key);
                assert_eq!(verify_proof(root, key.as_slice(), &proof), Ok(expected), "n={n}");
            }
        }
    }

    #[test]
    fn an_empty_trie_proves_absence_with_no_nodes_or_the_empty_node() {
        assert_eq!(verify_proof(EMPTY_ROOT_HASH, &[1; 32], &[]), Ok(None));
        assert_eq!(verify_proof(EMPTY_ROOT_HASH, &[1; 32], &[Bytes::from_static(&[0x80])]), Ok(None));
    }

    #[test]
    fn an_empty_proof_for_a_non_empty_root_is_truncated() {
        let root = B256::repeat_byte(7);
        assert_eq!(verify_proof(root, &[1; 32], &[]), Err(ProofError::Truncated { index: 0, expected: root }));
    }

    #[test]
    fn keys_longer_than_32_bytes_are_refused_not_panicked_on() {
        assert!(matches!(verify_proof(EMPTY_ROOT_HASH, &[0; 33], &[]), Err(ProofError::Decode { .. })));
    }

    #[test]
    fn every_truncation_of_a_deep_proof_is_refused() {
        let key = keccak256(500u64.to_be_bytes());
        let (root, mut hb) = trie(1000, &[key]);
        let proof = proof_for(&mut hb, &key);
        assert!(proof.len() >= 3);
        for len in 0..proof.len() {
            assert!(matches!(verify_proof(root, key.as_slice(), &proof[..len]), Err(ProofError::Truncated { index, .. }) if index == len));
        }
    }
}
