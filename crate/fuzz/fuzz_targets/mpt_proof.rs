//! Merkle-Patricia proof walking: the input splits into a key (of any length up to 80 bytes) and
//! proof nodes; the root is the first node's hash, so the walk gets past the root check and into
//! node decoding. A node both decoders accept must read the same in both (ours is stricter about
//! inline children and trailing bytes).
#![no_main]
use alloy_primitives::{Bytes, keccak256};
use alloy_rlp::Decodable;
use alloy_trie::nodes::TrieNode;
use libfuzzer_sys::fuzz_target;
use metis_lightnode::verify::trie_node::{self, Node};

/// Whether alloy-trie's reading of a node is ours.
fn same(alloy: &TrieNode, ours: &Node<'_>) -> bool {
    match (alloy, ours) {
        (TrieNode::EmptyRoot, Node::Empty) => true,
        (TrieNode::Leaf(l), Node::Leaf { path, value }) => l.key.to_vec() == *path && l.value == *value,
        (TrieNode::Extension(e), Node::Extension { path, child }) => e.key.to_vec() == *path && e.child.as_slice() == *child,
        (TrieNode::Branch(b), Node::Branch { children, value }) => {
            value.is_empty() && b.as_ref().children().all(|(i, c)| c.map_or(&[][..], |c| c.as_slice()) == children[usize::from(i)])
        }
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&key_len, rest)) = data.split_first() else { return };
    let key_len = usize::from(key_len % 81).min(rest.len());
    let (key, rest) = rest.split_at(key_len);
    // Nodes are separated by 0xff so the fuzzer can grow and shrink them independently.
    let proof: Vec<Bytes> = rest.split(|b| *b == 0xff).map(|n| Bytes::copy_from_slice(n)).collect();
    let root = proof.first().map(|n| keccak256(n)).unwrap_or_default();
    let _ = metis_lightnode::verify::verify_proof(root, key, &proof);
    for node in &proof {
        if let (Ok(alloy), Ok(ours)) = (TrieNode::decode(&mut node.as_ref()), trie_node::decode(node)) {
            assert!(same(&alloy, &ours), "{alloy:?} read as {ours:?}");
        }
    }
});
