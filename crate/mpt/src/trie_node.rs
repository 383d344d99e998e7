//! Merkle-Patricia trie nodes in their general form, as a proof walk reads them.
//!
//! alloy-trie's `TrieNode` decoder refuses values held in branch nodes ("branch values not
//! supported") and keeps paths in 64-nibble `Nibbles`, so a key longer than 32 bytes cannot be
//! walked. Both occur in valid tries (ethereum/tests TrieTests; @ethereumjs/mpt proves them), so
//! proof nodes are read here, on alloy-rlp, with alloy-trie's strictness: canonical RLP, exactly 2
//! or 17 items, hex-prefix paths with zero padding, children that are 32-byte hashes or inline nodes
//! shorter than 32 bytes, and no bytes after the node.

use alloy_rlp::Header;

/// One decoded node. Paths are nibbles; child references are the raw RLP items of the parent.
// A branch is decoded on the stack and consumed at once; boxing it would allocate per node.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node<'a> {
    /// The empty trie's root, `0x80`.
    Empty,
    /// The rest of a key, and the value stored under it.
    Leaf { path: Vec<u8>, value: &'a [u8] },
    /// A shared stretch of path, then one child.
    Extension { path: Vec<u8>, child: &'a [u8] },
    /// Sixteen children (empty where absent) and the value of a key ending here (empty: none).
    Branch { children: [&'a [u8]; 16], value: &'a [u8] },
}

/// Decodes one node from its RLP; every malformed or non-canonical node is an error.
pub fn decode(rlp: &[u8]) -> Result<Node<'_>, String> {
    if rlp == [alloy_rlp::EMPTY_STRING_CODE] {
        return Ok(Node::Empty);
    }
    let mut rest = rlp;
    let header = Header::decode(&mut rest).map_err(|e| e.to_string())?;
    if !header.list {
        return Err("a trie node is a list".to_owned());
    }
    if rest.len() != header.payload_length {
        return Err("bytes after the node".to_owned());
    }
    let mut items: [&[u8]; 17] = [&[]; 17];
    let mut count = 0;
    while !rest.is_empty() {
        let slot = items.get_mut(count).ok_or("more than 17 items")?;
        *slot = item(&mut rest)?;
        count += 1;
    }
    match &items[..count] {
        [path, second] => {
            let (leaf, path) = hex_prefix(string(path)?)?;
            if leaf {
                Ok(Node::Leaf { path, value: string(second)? })
            } else if path.is_empty() {
                Err("an extension with an empty path".to_owned())
            } else {
                Ok(Node::Extension { path, child: reference(second)? })
            }
        }
        [children @ .., value] if children.len() == 16 => {
            let mut refs: [&[u8]; 16] = [&[]; 16];
            for (slot, child) in refs.iter_mut().zip(children) {
                if *child != [alloy_rlp::EMPTY_STRING_CODE] {
                    *slot = reference(child)?;
                }
            }
            Ok(Node::Branch { children: refs, value: string(value)? })
        }
        _ => Err(format!("{count} items; a node has 2 or 17")),
    }
}

/// The next raw RLP item (header and payload) of `buf`.
fn item<'a>(buf: &mut &'a [u8]) -> Result<&'a [u8], String> {
    let start = *buf;
    let header = Header::decode(buf).map_err(|e| e.to_string())?;
    let payload = buf.get(..header.payload_length).ok_or("an item runs past the node")?;
    *buf = &buf[payload.len()..];
    Ok(&start[..start.len() - buf.len()])
}

/// The payload of a raw item that must be a string.
fn string(raw: &[u8]) -> Result<&[u8], String> {
    let mut buf = raw;
    let header = Header::decode(&mut buf).map_err(|e| e.to_string())?;
    if header.list {
        return Err("a list where a string belongs".to_owned());
    }
    Ok(buf)
}

/// A child reference: a 32-byte hash, or a node embedded because its RLP is shorter than 32 bytes.
fn reference(raw: &[u8]) -> Result<&[u8], String> {
    match raw {
        [0xa0, hash @ ..] if hash.len() == 32 => Ok(raw),
        [first, ..] if *first >= alloy_rlp::EMPTY_LIST_CODE && raw.len() < 32 => Ok(raw),
        _ => Err("a child is neither a 32-byte hash nor an inline node".to_owned()),
    }
}

/// A hex-prefix path: whether it ends in a leaf, and its nibbles.
fn hex_prefix(encoded: &[u8]) -> Result<(bool, Vec<u8>), String> {
    let (&first, rest) = encoded.split_first().ok_or("an empty path")?;
    let flag = first >> 4;
    if flag > 3 {
        return Err(format!("path flag {flag}"));
    }
    let odd = flag & 1 == 1;
    if !odd && first & 0x0f != 0 {
        return Err("an even path with a non-zero pad nibble".to_owned());
    }
    let mut nibbles = Vec::with_capacity(rest.len() * 2 + 1);
    if odd {
        nibbles.push(first & 0x0f);
    }
    nibbles.extend(rest.iter().flat_map(|b| [b >> 4, b & 0x0f]));
    Ok((flag >= 2, nibbles))
}

/// The nibbles of `key`, high half first.
pub fn nibbles(key: &[u8]) -> Vec<u8> {
    key.iter().flat_map(|b| [b >> 4, b & 0x0f]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_trie::nodes::{BranchNode, ExtensionNode, LeafNode, RlpNode, TrieNode};
    use alloy_trie::{Nibbles, TrieMask};

    fn rlp(node: &TrieNode) -> Vec<u8> {
        alloy_rlp::encode(node)
    }

    #[test]
    fn nodes_alloy_trie_writes_read_back_the_same() {
        let leaf = TrieNode::Leaf(LeafNode::new(Nibbles::from_nibbles([1, 2, 3]), vec![0x42; 40]));
        assert_eq!(decode(&rlp(&leaf)), Ok(Node::Leaf { path: vec![1, 2, 3], value: &[0x42; 40] }));
        let hash = RlpNode::word_rlp(&alloy_primitives::B256::repeat_byte(7));
        let ext = TrieNode::Extension(ExtensionNode::new(Nibbles::from_nibbles([0xa, 0xb]), hash.clone()));
        let ext = rlp(&ext);
        let Ok(Node::Extension { path, child }) = decode(&ext) else { panic!("an extension") };
        assert_eq!((path, child), (vec![0xa, 0xb], hash.as_slice()));
        let branch = TrieNode::Branch(BranchNode::new(vec![hash.clone(), hash.clone()], TrieMask::new(0b1000_0000_0000_0010)));
        let branch = rlp(&branch);
        let Ok(Node::Branch { children, value }) = decode(&branch) else { panic!("a branch") };
        assert!(value.is_empty());
        for (i, child) in children.iter().enumerate() {
            assert_eq!(child.is_empty(), i != 1 && i != 15, "child {i}");
        }
        assert_eq!(decode(&[0x80]), Ok(Node::Empty));
    }

    #[test]
    fn a_branch_value_and_a_long_leaf_path_are_read() {
        // [16 x empty, "dog"]: a key ending at this branch holds "dog".
        let mut branch = vec![0xc0 + 16 + 4];
        branch.extend([0x80; 16]);
        branch.extend([0x83, b'd', b'o', b'g']);
        assert_eq!(decode(&branch), Ok(Node::Branch { children: [&[]; 16], value: b"dog" }));
        // A leaf whose path is 81 nibbles (odd flag 3, then 40 bytes).
        let path: Vec<u8> = std::iter::once(0x35).chain([0x11; 40]).collect();
        let node = alloy_rlp::encode(vec![alloy_primitives::Bytes::from(path), alloy_primitives::Bytes::from_static(b"v")]);
        let Ok(Node::Leaf { path, value }) = decode(&node) else { panic!("a leaf") };
        assert_eq!((path.len(), path[0], value), (81, 5, &b"v"[..]));
    }

    #[test]
    fn malformed_nodes_are_refused() {
        let leaf = rlp(&TrieNode::Leaf(LeafNode::new(Nibbles::from_nibbles([1, 2]), vec![1])));
        let mut trailing = leaf.clone();
        trailing.push(0);
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("a string", vec![0x83, 1, 2, 3]),
            ("trailing bytes", trailing),
            ("three items", alloy_rlp::encode(vec![alloy_primitives::Bytes::from_static(&[0x20]); 3])),
            ("flag 4", alloy_rlp::encode(vec![alloy_primitives::Bytes::from_static(&[0x40]), alloy_primitives::Bytes::from_static(&[1])])),
            (
                "even path, pad nibble set",
                alloy_rlp::encode(vec![alloy_primitives::Bytes::from_static(&[0x21]), alloy_primitives::Bytes::from_static(&[1])]),
            ),
            (
                "empty extension",
                alloy_rlp::encode(vec![alloy_primitives::Bytes::from_static(&[0x00]), alloy_primitives::Bytes::from_static(&[1; 32])]),
            ),
            (
                "a 31-byte child",
                alloy_rlp::encode(vec![alloy_primitives::Bytes::from_static(&[0x11]), alloy_primitives::Bytes::from_static(&[1; 31])]),
            ),
            ("truncated", leaf[..leaf.len() - 1].to_vec()),
            ("empty", vec![]),
        ];
        for (what, bytes) in cases {
            assert!(decode(&bytes).is_err(), "{what}");
        }
    }
}
