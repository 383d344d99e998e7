//! Merkle-Patricia proofs: walks a proof from a trusted root to the value of a key, or to the node
//! that shows the key is absent.
//!
//! alloy-trie's `verify_proof` checks a proof against a value the caller already expects; a light
//! client needs the value the proof *shows* (and must tolerate the extra inline-node items some
//! servers send), so the walk is ours. Nodes are read in their general form ([`trie_node`]):
//! keys of any length, and values held in branch nodes.
//!
//! A crate of its own so that the walk is built for speed while the node crate is built for size
//! (its entries are non-generic, so the walk is compiled here).

#![warn(unused_crate_dependencies)]

pub mod trie_node;

use alloy_primitives::{B256, Bytes, keccak256};
use alloy_trie::EMPTY_ROOT_HASH;
use trie_node::Node;

/// Why a Merkle-Patricia proof was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The proof ended while the path still pointed at a node it should hold.
    #[error("proof is truncated: node {index} (hash {expected}) is missing")]
    Truncated {
        /// Position in the proof where the missing node belongs.
        index: usize,
        /// Hash the parent node references.
        expected: B256,
    },
    /// A proof item is not the node its parent (or the root) references.
    #[error("proof node {index} hashes to {got}, but its parent references {expected}")]
    NodeMismatch {
        /// Position of the offending node in the proof.
        index: usize,
        /// Hash the parent node (or the trusted root) references.
        expected: B256,
        /// Hash of the node that was supplied.
        got: B256,
    },
    /// A node on the path is not valid trie-node RLP.
    #[error("proof node {index} is not a valid trie node: {reason}")]
    Decode {
        /// Position of the offending node (the node holding an inline child when the child is bad).
        index: usize,
        /// What the decoder said.
        reason: String,
    },
    /// The empty-trie node appeared below the root.
    #[error("proof node {index} is an empty trie node below the root")]
    UnexpectedEmptyNode {
        /// Position of the offending node.
        index: usize,
    },
}

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
    let path = trie_node::nibbles(key);
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
        let node = trie_node::decode(node_rlp).map_err(|reason| ProofError::Decode { index, reason })?;
        let rest = path.get(walked..).unwrap_or_default();
        child = match node {
            Node::Empty if index == 0 => return Ok((None, next)),
            Node::Empty => return Err(ProofError::UnexpectedEmptyNode { index }),
            Node::Leaf { path: leaf, value } => return Ok(((rest == leaf.as_slice()).then(|| value.to_vec()), next)),
            Node::Extension { path: shared, child } => {
                if !rest.starts_with(&shared) {
                    return Ok((None, next));
                }
                walked += shared.len();
                Child::from_ref(index, child)
            }
            Node::Branch { children, value } => {
                // A key that ends here holds the branch's value (general tries; never in state tries).
                let Some(&nibble) = rest.first() else { return Ok(((!value.is_empty()).then(|| value.to_vec()), next)) };
                walked += 1;
                match children.get(usize::from(nibble)) {
                    Some(child) if !child.is_empty() => Child::from_ref(index, child),
                    _ => return Ok((None, next)),
                }
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
    use alloy_trie::{HashBuilder, Nibbles, proof::ProofRetainer};

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
    fn keys_of_any_length_and_branch_values_are_proven() {
        assert_eq!(verify_proof(EMPTY_ROOT_HASH, &[0; 33], &[]), Ok(None));
        // A root branch holding the empty key's value, with an inline leaf "a" under key 0x61.
        let mut branch = vec![0xc0 + 15 + 3 + 5];
        branch.extend([0x80; 6]);
        branch.extend([0xc2, 0x31, b'a']);
        branch.extend([0x80; 9]);
        branch.extend([0x84, b'r', b'o', b'o', b't']);
        let proof = [Bytes::from(branch)];
        let root = keccak256(&proof[0]);
        assert_eq!(verify_proof(root, &[], &proof), Ok(Some(b"root".to_vec())));
        assert_eq!(verify_proof(root, b"a", &proof), Ok(Some(b"a".to_vec())));
        for absent in [&b"b"[..], b"a\0", &[0x61; 40]] {
            assert_eq!(verify_proof(root, absent, &proof), Ok(None), "{absent:?}");
        }
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
