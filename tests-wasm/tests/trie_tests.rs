//! ethereum/tests TrieTests: every root recomputed, plain and secure (keccak-keyed) variants.

mod common;

use alloy_primitives::{B256, keccak256};
use alloy_trie::{HashBuilder, Nibbles};
use common::json;
use metis_lightnode::json::parse_hex;
use metis_lightnode::verify::trie_root;
use serde_json::Value;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// "0x.." is hex, anything else ASCII; `null` deletes (an empty value).
fn bytes(v: &Value) -> Vec<u8> {
    match v.as_str() {
        None => Vec::new(),
        Some(s) if s.starts_with("0x") => parse_hex("vector", s).expect("hex").to_vec(),
        Some(s) => s.as_bytes().to_vec(),
    }
}

fn entries(input: &Value, secure: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    let pairs: Vec<(Value, Value)> = match input {
        Value::Array(list) => list.iter().map(|p| (p[0].clone(), p[1].clone())).collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (Value::String(k.clone()), v.clone())).collect(),
        _ => panic!("unexpected vector shape"),
    };
    pairs
        .into_iter()
        .map(|(k, v)| {
            let key = bytes(&k);
            (if secure { keccak256(&key).to_vec() } else { key }, bytes(&v))
        })
        .collect()
}

fn check_file(text: &str, secure: bool) -> usize {
    let vectors = json(text);
    let vectors = vectors.as_object().expect("vectors");
    for (name, vector) in vectors {
        let expected: B256 = vector["root"].as_str().and_then(|s| s.parse().ok()).expect("root");
        assert_eq!(trie_root(entries(&vector["in"], secure)), expected, "vector {name}");
    }
    vectors.len()
}

#[test]
fn trie_test_roots_match() {
    let n = check_file(fixture!("ethereum-tests/trietest.json"), false)
        + check_file(fixture!("ethereum-tests/trieanyorder.json"), false)
        + check_file(fixture!("ethereum-tests/trietest_secureTrie.json"), true)
        + check_file(fixture!("ethereum-tests/trieanyorder_secureTrie.json"), true)
        + check_file(fixture!("ethereum-tests/hex_encoded_securetrie_test.json"), true);
    assert_eq!(n, 25);
}

/// Where keys are of one length, alloy-trie's `HashBuilder` (used for every block root) must agree.
#[test]
fn secure_vectors_agree_with_alloy_hash_builder() {
    for text in [fixture!("ethereum-tests/trieanyorder_secureTrie.json"), fixture!("ethereum-tests/hex_encoded_securetrie_test.json")] {
        for (name, vector) in json(text).as_object().expect("vectors") {
            let mut map = std::collections::BTreeMap::new();
            for (k, v) in entries(&vector["in"], true) {
                if v.is_empty() { map.remove(&k); } else { map.insert(k, v); }
            }
            let mut hb = HashBuilder::default();
            for (k, v) in &map {
                hb.add_leaf(Nibbles::unpack(k), v);
            }
            assert_eq!(hb.root(), trie_root(map.clone()), "vector {name}");
        }
    }
}
