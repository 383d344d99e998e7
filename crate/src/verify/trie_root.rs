//! The root of any key/value set, including keys that are prefixes of other keys.
//!
//! alloy-trie's `HashBuilder` (used for every block root) cannot hold a value in a branch node, which
//! Ethereum's tries never need but the ethereum/tests TrieTests vectors do; this small recursive
//! builder covers that case and is cross-checked against `HashBuilder` where both apply.

use alloy_primitives::{B256, keccak256};
use alloy_rlp::{Encodable, Header};
use alloy_trie::EMPTY_ROOT_HASH;
use std::collections::BTreeMap;

/// The Merkle-Patricia root of `entries` (later duplicates of a key win; an empty value deletes).
pub fn trie_root<K: AsRef<[u8]>, V: AsRef<[u8]>>(entries: impl IntoIterator<Item = (K, V)>) -> B256 {
    let mut map = BTreeMap::new();
    for (k, v) in entries {
        if v.as_ref().is_empty() {
            map.remove(k.as_ref());
        } else {
            map.insert(k.as_ref().to_vec(), v.as_ref().to_vec());
        }
    }
    if map.is_empty() {
        return EMPTY_ROOT_HASH;
    }
    let items: Vec<(Vec<u8>, &[u8])> = map.iter().map(|(k, v)| (unpack(k), v.as_slice())).collect();
    keccak256(node_rlp(&items, 0))
}

fn unpack(key: &[u8]) -> Vec<u8> {
    key.iter().flat_map(|b| [b >> 4, b & 0x0f]).collect()
}

/// RLP of the node holding `items` (sorted, distinct paths) below `depth` nibbles.
fn node_rlp(items: &[(Vec<u8>, &[u8])], depth: usize) -> Vec<u8> {
    match items {
        [] => vec![alloy_rlp::EMPTY_STRING_CODE],
        [(path, value)] => short_node(&path[depth..], true, |out| value.encode(out)),
        _ => {
            let first = &items[0].0[depth..];
            let common = items[1..].iter().fold(first.len(), |n, (p, _)| {
                n.min(first.iter().zip(&p[depth..]).take_while(|(a, b)| a == b).count())
            });
            if common > 0 {
                let child = node_rlp(items, depth + common);
                short_node(&first[..common], false, |out| out.extend_from_slice(&reference(&child)))
            } else {
                branch(items, depth)
            }
        }
    }
}

fn branch(items: &[(Vec<u8>, &[u8])], depth: usize) -> Vec<u8> {
    let mut payload = Vec::new();
    let mut value: &[u8] = &[];
    let mut rest = items;
    if let Some(((path, v), tail)) = rest.split_first() {
        if path.len() == depth {
            value = v;
            rest = tail;
        }
    }
    for nibble in 0u8..16 {
        let end = rest.iter().position(|(p, _)| p[depth] != nibble).unwrap_or(rest.len());
        let (group, tail) = rest.split_at(end);
        if group.is_empty() {
            payload.push(alloy_rlp::EMPTY_STRING_CODE);
        } else {
            payload.extend_from_slice(&reference(&node_rlp(group, depth + 1)));
        }
        rest = tail;
    }
    value.encode(&mut payload);
    list(payload)
}

/// A leaf (`is_leaf`) or extension node over `path`, with `tail` writing its second item.
fn short_node(path: &[u8], is_leaf: bool, tail: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut payload = Vec::new();
    compact(path, is_leaf).as_slice().encode(&mut payload);
    tail(&mut payload);
    list(payload)
}

/// Hex-prefix encoding (Yellow Paper appendix C): a flag nibble (leaf, odd length), then the path.
fn compact(path: &[u8], is_leaf: bool) -> Vec<u8> {
    let flag = if is_leaf { 2 } else { 0 } + (path.len() % 2) as u8;
    let padded: Vec<u8> = if path.len() % 2 == 1 { [flag].iter().chain(path).copied().collect() } else { [flag, 0].iter().chain(path).copied().collect() };
    padded.chunks(2).map(|pair| (pair[0] << 4) | pair.get(1).copied().unwrap_or(0)).collect()
}

/// How a parent embeds a child: inline when its RLP is shorter than 32 bytes, else by hash.
fn reference(child: &[u8]) -> Vec<u8> {
    if child.len() < 32 {
        child.to_vec()
    } else {
        let mut out = Vec::with_capacity(33);
        keccak256(child).encode(&mut out);
        out
    }
}

fn list(payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 3);
    Header { list: true, payload_length: payload.len() }.encode(&mut out);
    out.extend_from_slice(&payload);
    out
}
