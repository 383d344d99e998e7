//! A sparse Merkle-Patricia trie: the parts of a state or storage trie that proofs revealed, with
//! every other subtree held as its hash. Reads, inserts and deletes work on the revealed parts and
//! the root is recomputed from them, so a post-state root follows from a witness alone.
//!
//! alloy-trie builds roots from sorted leaves only (no updates, no deletions) and reth's sparse trie
//! drags in reth's primitives and errors; this keeps alloy-trie's node types and encoders and adds
//! only the tree edits. A deletion that collapses a branch onto an unrevealed sibling reports that
//! sibling's path ([`TrieMissing`]) so the caller can fetch a proof that reveals it.

use alloy_primitives::{B256, Bytes, keccak256};
use alloy_rlp::Decodable;
use alloy_trie::nodes::{BranchNode, ExtensionNode, LeafNode, RlpNode, TrieNode};
use alloy_trie::{EMPTY_ROOT_HASH, Nibbles, TrieMask};
use std::collections::HashMap;

/// Proof nodes by their keccak hash: the witness every sparse trie reveals itself from.
pub type NodeMap = HashMap<B256, Bytes>;

/// A subtree the trie needs but the witness does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrieMissing {
    /// Path (in nibbles) from the trie's root to the unrevealed node.
    pub path: Nibbles,
    /// Its hash.
    pub hash: B256,
    /// Whether the node was in the witness but did not decode.
    pub corrupt: bool,
}

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Leaf { key: Nibbles, value: Vec<u8> },
    Extension { key: Nibbles, child: Box<Node> },
    Branch { children: Box<[Node; 16]> },
    /// An unrevealed subtree.
    Hash(B256),
}

/// A trie holding what has been revealed of it.
#[derive(Debug, Clone)]
pub struct SparseTrie {
    root: Node,
}

impl Default for SparseTrie {
    fn default() -> Self {
        Self { root: Node::Empty }
    }
}

impl SparseTrie {
    /// The trie with this root, nothing revealed yet.
    pub fn from_root(root: B256) -> Self {
        if root == EMPTY_ROOT_HASH { Self::default() } else { Self { root: Node::Hash(root) } }
    }

    /// The value at `key` (a 32-byte hashed key in the secure tries), revealing nodes from `nodes`.
    pub fn get(&self, key: &[u8], nodes: &NodeMap) -> Result<Option<Vec<u8>>, TrieMissing> {
        get_in(&self.root, &Nibbles::unpack(key), 0, nodes)
    }

    /// Sets `key` to `value` (non-empty).
    pub fn insert(&mut self, key: &[u8], value: Vec<u8>, nodes: &NodeMap) -> Result<(), TrieMissing> {
        insert_in(&mut self.root, &Nibbles::unpack(key), 0, value, nodes)
    }

    /// Removes `key`; removing an absent key is a no-op. On error the trie may be half-edited: edit a
    /// copy and retry from the original once the missing node is known.
    pub fn remove(&mut self, key: &[u8], nodes: &NodeMap) -> Result<(), TrieMissing> {
        remove_in(&mut self.root, &Nibbles::unpack(key), 0, nodes)
    }

    /// The root hash.
    pub fn root(&self) -> B256 {
        match &self.root {
            Node::Empty => EMPTY_ROOT_HASH,
            Node::Hash(hash) => *hash,
            node => {
                let mut buf = Vec::new();
                encode(node, &mut buf);
                keccak256(&buf)
            }
        }
    }
}

/// Decodes the node `hash` refers to, from the witness.
fn reveal(hash: B256, path: &Nibbles, nodes: &NodeMap) -> Result<Node, TrieMissing> {
    let missing = |corrupt| TrieMissing { path: *path, hash, corrupt };
    let bytes = nodes.get(&hash).ok_or(missing(false))?;
    // Witness maps are keyed by the hash the caller computed, but re-check: a node is only ever
    // trusted through the hash its parent commits to.
    if keccak256(bytes) != hash {
        return Err(missing(true));
    }
    let node = TrieNode::decode(&mut bytes.as_ref()).map_err(|_| missing(true))?;
    from_trie_node(node, path).map_err(|_| missing(true))
}

fn from_trie_node(node: TrieNode, path: &Nibbles) -> Result<Node, alloy_rlp::Error> {
    Ok(match node {
        TrieNode::EmptyRoot => Node::Empty,
        TrieNode::Leaf(leaf) => Node::Leaf { key: leaf.key, value: leaf.value },
        TrieNode::Extension(ext) => {
            let child = from_rlp_node(&ext.child, &path.join(&ext.key))?;
            Node::Extension { key: ext.key, child: Box::new(child) }
        }
        TrieNode::Branch(branch) => {
            let mut children: Box<[Node; 16]> = Box::new(std::array::from_fn(|_| Node::Empty));
            let mut stack = branch.stack.iter();
            for nibble in 0..16u8 {
                if branch.state_mask.is_bit_set(nibble) {
                    let child = stack.next().ok_or(alloy_rlp::Error::Custom("branch mask exceeds its children"))?;
                    let mut child_path = *path;
                    child_path.push(nibble);
                    children[usize::from(nibble)] = from_rlp_node(child, &child_path)?;
                }
            }
            Node::Branch { children }
        }
    })
}

/// A child reference: a hash (unrevealed) or a node embedded inline.
fn from_rlp_node(child: &RlpNode, path: &Nibbles) -> Result<Node, alloy_rlp::Error> {
    match child.as_hash() {
        Some(hash) => Ok(Node::Hash(hash)),
        None => from_trie_node(TrieNode::decode(&mut child.as_ref())?, path),
    }
}

fn get_in(node: &Node, key: &Nibbles, depth: usize, nodes: &NodeMap) -> Result<Option<Vec<u8>>, TrieMissing> {
    match node {
        Node::Empty => Ok(None),
        Node::Hash(hash) => get_in(&reveal(*hash, &key.slice(..depth), nodes)?, key, depth, nodes),
        Node::Leaf { key: rest, value } => Ok((key.slice(depth..) == *rest).then(|| value.clone())),
        Node::Extension { key: ext, child } => {
            if key.slice(depth..).starts_with(ext) {
                get_in(child, key, depth + ext.len(), nodes)
            } else {
                Ok(None)
            }
        }
        Node::Branch { children } => match key.get(depth) {
            Some(nibble) => get_in(&children[usize::from(nibble)], key, depth + 1, nodes),
            None => Ok(None),
        },
    }
}

fn insert_in(node: &mut Node, key: &Nibbles, depth: usize, value: Vec<u8>, nodes: &NodeMap) -> Result<(), TrieMissing> {
    let rest = key.slice(depth..);
    match node {
        Node::Empty => *node = Node::Leaf { key: rest, value },
        Node::Hash(hash) => {
            *node = reveal(*hash, &key.slice(..depth), nodes)?;
            return insert_in(node, key, depth, value, nodes);
        }
        Node::Leaf { key: leaf_key, value: leaf_value } => {
            if *leaf_key == rest {
                *leaf_value = value;
                return Ok(());
            }
            let common = leaf_key.common_prefix_length(&rest);
            let old = Node::Leaf { key: leaf_key.slice(common + 1..), value: std::mem::take(leaf_value) };
            let new = Node::Leaf { key: rest.slice(common + 1..), value };
            let mut children: Box<[Node; 16]> = Box::new(std::array::from_fn(|_| Node::Empty));
            children[nibble_at(leaf_key, common)] = old;
            children[nibble_at(&rest, common)] = new;
            *node = with_prefix(rest.slice(..common), Node::Branch { children });
        }
        Node::Extension { key: ext, child } => {
            let common = ext.common_prefix_length(&rest);
            if common == ext.len() {
                return insert_in(child, key, depth + common, value, nodes);
            }
            let ext_key = *ext;
            let below = std::mem::replace(child.as_mut(), Node::Empty);
            let remainder = ext_key.slice(common + 1..);
            let old = if remainder.is_empty() { below } else { Node::Extension { key: remainder, child: Box::new(below) } };
            let mut children: Box<[Node; 16]> = Box::new(std::array::from_fn(|_| Node::Empty));
            children[nibble_at(&ext_key, common)] = old;
            children[nibble_at(&rest, common)] = Node::Leaf { key: rest.slice(common + 1..), value };
            *node = with_prefix(rest.slice(..common), Node::Branch { children });
        }
        Node::Branch { children } => {
            let nibble = nibble_at(&rest, 0);
            return insert_in(&mut children[nibble], key, depth + 1, value, nodes);
        }
    }
    Ok(())
}

fn remove_in(node: &mut Node, key: &Nibbles, depth: usize, nodes: &NodeMap) -> Result<(), TrieMissing> {
    let rest = key.slice(depth..);
    match node {
        Node::Empty => {}
        Node::Hash(hash) => {
            *node = reveal(*hash, &key.slice(..depth), nodes)?;
            return remove_in(node, key, depth, nodes);
        }
        Node::Leaf { key: leaf_key, .. } => {
            if *leaf_key == rest {
                *node = Node::Empty;
            }
        }
        Node::Extension { key: ext, child } => {
            if !rest.starts_with(ext) {
                return Ok(());
            }
            let ext_key = *ext;
            remove_in(child, key, depth + ext_key.len(), nodes)?;
            // The child was a branch; after the removal it may have collapsed into a shorter node.
            let below = std::mem::replace(child.as_mut(), Node::Empty);
            *node = with_prefix(ext_key, below);
        }
        Node::Branch { children } => {
            let Some(nibble) = rest.get(0) else { return Ok(()) };
            remove_in(&mut children[usize::from(nibble)], key, depth + 1, nodes)?;
            let mut remaining = children.iter().enumerate().filter(|(_, c)| !matches!(c, Node::Empty));
            let (Some((only, _)), None) = (remaining.next(), remaining.next()) else { return Ok(()) };
            // One child left: the branch collapses into it, which needs to know what it is.
            let mut child = std::mem::replace(&mut children[only], Node::Empty);
            let mut child_path = key.slice(..depth);
            child_path.push(only as u8);
            if let Node::Hash(hash) = child {
                child = reveal(hash, &child_path, nodes)?;
            }
            *node = with_prefix(Nibbles::from_nibbles_unchecked([only as u8]), child);
        }
    }
    Ok(())
}

/// `node` reached through `prefix`: merged into a leaf or extension, or behind a new extension.
fn with_prefix(prefix: Nibbles, node: Node) -> Node {
    if prefix.is_empty() {
        return node;
    }
    match node {
        Node::Empty => Node::Empty,
        Node::Leaf { key, value } => Node::Leaf { key: prefix.join(&key), value },
        Node::Extension { key, child } => Node::Extension { key: prefix.join(&key), child },
        branch_or_hash => Node::Extension { key: prefix, child: Box::new(branch_or_hash) },
    }
}

fn nibble_at(path: &Nibbles, index: usize) -> usize {
    usize::from(path.get(index).unwrap_or(0))
}

/// Encodes `node` into `buf` (alloy's `rlp` appends, so it is cleared first) and returns its reference as a parent holds it.
fn encode(node: &Node, buf: &mut Vec<u8>) -> RlpNode {
    match node {
        Node::Empty => {
            buf.clear();
            buf.push(alloy_rlp::EMPTY_STRING_CODE);
            RlpNode::from_rlp(buf)
        }
        Node::Hash(hash) => RlpNode::word_rlp(hash),
        Node::Leaf { key, value } => {
            buf.clear();
            LeafNode::new(*key, value.clone()).as_ref().rlp(buf)
        }
        Node::Extension { key, child } => {
            let child = encode(child, buf);
            buf.clear();
            ExtensionNode::new(*key, child).as_ref().rlp(buf)
        }
        Node::Branch { children } => {
            let mut stack = Vec::new();
            let mut mask = TrieMask::default();
            for (nibble, child) in children.iter().enumerate() {
                if !matches!(child, Node::Empty) {
                    mask.set_bit(nibble as u8);
                    stack.push(encode(child, buf));
                }
            }
            buf.clear();
            BranchNode::new(stack, mask).as_ref().rlp(buf)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_trie::HashBuilder;
    use alloy_trie::proof::ProofRetainer;
    use std::collections::BTreeMap;

    fn keys(n: u8) -> Vec<B256> {
        (0..n).map(|i| keccak256([i])).collect()
    }

    fn builder_root(map: &BTreeMap<B256, Vec<u8>>) -> B256 {
        let mut hb = HashBuilder::default();
        for (k, v) in map {
            hb.add_leaf(Nibbles::unpack(k), v);
        }
        hb.root()
    }

    #[test]
    fn inserts_and_removes_match_alloys_hash_builder() {
        let mut trie = SparseTrie::default();
        let mut map = BTreeMap::new();
        let nodes = NodeMap::new();
        for (i, k) in keys(60).into_iter().enumerate() {
            let value = vec![i as u8 + 1; 1 + i % 40];
            trie.insert(k.as_slice(), value.clone(), &nodes).unwrap();
            map.insert(k, value);
            assert_eq!(trie.root(), builder_root(&map));
        }
        for k in keys(60).into_iter().step_by(3) {
            trie.remove(k.as_slice(), &nodes).unwrap();
            map.remove(&k);
            assert_eq!(trie.root(), builder_root(&map));
        }
        for k in keys(60) {
            assert_eq!(trie.get(k.as_slice(), &nodes).unwrap(), map.get(&k).cloned());
        }
        for k in keys(60) {
            trie.remove(k.as_slice(), &nodes).unwrap();
        }
        assert_eq!(trie.root(), EMPTY_ROOT_HASH);
    }

    /// A trie of `n` keys and the proof nodes of `proven` keys in it.
    fn proven(n: u8, proven: &[B256]) -> (B256, NodeMap, BTreeMap<B256, Vec<u8>>) {
        let map: BTreeMap<B256, Vec<u8>> = keys(n).into_iter().map(|k| (k, k.to_vec())).collect();
        let targets = proven.iter().map(|k| Nibbles::unpack(k)).collect();
        let mut hb = HashBuilder::default().with_proof_retainer(ProofRetainer::new(targets));
        for (k, v) in &map {
            hb.add_leaf(Nibbles::unpack(k), v);
        }
        let root = hb.root();
        let nodes = hb.take_proof_nodes().into_nodes_sorted().into_iter().map(|(_, n)| (keccak256(&n), n)).collect();
        (root, nodes, map)
    }

    #[test]
    fn edits_on_revealed_paths_give_the_full_tries_root() {
        let all = keys(40);
        let (root, nodes, mut map) = proven(40, &all[..4]);
        let mut trie = SparseTrie::from_root(root);
        assert_eq!(trie.get(all[1].as_slice(), &nodes).unwrap(), Some(all[1].to_vec()));
        trie.insert(all[2].as_slice(), vec![7; 40], &nodes).unwrap();
        map.insert(all[2], vec![7; 40]);
        assert_eq!(trie.root(), builder_root(&map));
        // A key off the revealed paths needs a node the witness lacks.
        assert!(trie.get(all[30].as_slice(), &nodes).is_err());
    }

    #[test]
    fn a_collapse_onto_an_unrevealed_sibling_names_its_path() {
        let all = keys(2);
        let (root, nodes, _) = proven(2, &all[..1]);
        let mut trie = SparseTrie::from_root(root);
        let err = trie.clone().remove(all[0].as_slice(), &nodes).unwrap_err();
        assert!(Nibbles::unpack(all[1]).starts_with(&err.path), "{err:?}");
        assert!(!err.corrupt);
        // Revealing the sibling (its proof) lets the removal finish with the true root.
        let (_, both, _) = proven(2, &all);
        trie.remove(all[0].as_slice(), &both).unwrap();
        let mut rest = BTreeMap::new();
        rest.insert(all[1], all[1].to_vec());
        assert_eq!(trie.root(), builder_root(&rest));
    }

    #[test]
    fn a_node_that_does_not_hash_to_its_reference_is_refused() {
        let all = keys(8);
        let (root, mut nodes, _) = proven(8, &all[..1]);
        let root_node = nodes.get_mut(&root).unwrap();
        let mut tampered = root_node.to_vec();
        tampered[5] ^= 1;
        *root_node = tampered.into();
        let err = SparseTrie::from_root(root).get(all[0].as_slice(), &nodes).unwrap_err();
        assert!(err.corrupt && err.path.is_empty());
    }
}
