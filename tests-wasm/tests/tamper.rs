//! A lying server: every header field, proof node and root input mutated one at a time must be
//! refused with a typed error, never accepted.

mod common;

use common::{json, split_rlp};
use metis_lightnode::verify::{self, Checkpoint};
use metis_lightnode::{Error, api};
use serde_json::Value;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Flips the last hex digit (`0x` becomes `0x00`): same shape, different value.
fn flip_hex(s: &str) -> String {
    if s == "0x" {
        return "0x00".to_owned();
    }
    let mut chars: Vec<char> = s.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = if *last == '0' { '1' } else { '0' };
    }
    chars.into_iter().collect()
}

/// Every mutation of `value` that changes one hex string somewhere inside it, with its path.
fn each_hex_mutation(value: &Value, path: String, out: &mut Vec<(String, Value)>, root: &Value) {
    match value {
        Value::String(s) if s.starts_with("0x") => {
            let mut mutated = root.clone();
            if let Some(slot) = mutated.pointer_mut(&path) {
                *slot = Value::String(flip_hex(s));
            }
            out.push((path, mutated));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                each_hex_mutation(item, format!("{path}/{i}"), out, root);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                each_hex_mutation(v, format!("{path}/{k}"), out, root);
            }
        }
        _ => {}
    }
}

fn mutations(value: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    each_hex_mutation(value, String::new(), &mut out, value);
    out
}

fn header_only(block: &Value) -> Value {
    let mut header = block.clone();
    if let Some(map) = header.as_object_mut() {
        for key in ["transactions", "withdrawals", "uncles", "size", "totalDifficulty"] {
            map.remove(key);
        }
    }
    header
}

#[test]
fn every_header_field_mutated_breaks_the_claimed_hash() {
    let mut tried = 0;
    for text in [
        fixture!("helios/rpc_block.json"),
        fixture!("helios/bpo2_block26050794_header.json"),
        fixture!("ethereumjs/block_infura2000004wotxns.json"),
        fixture!("ethereumjs/block_testdata-from-rpc-with-withdrawals.json"),
    ] {
        let header = header_only(&json(text));
        api::block_hash(&header).expect("the true header verifies");
        for (path, lie) in mutations(&header) {
            if path == "/hash" {
                let err = api::block_hash(&lie).expect_err("a wrong claimed hash");
                assert_eq!(err.code(), "HEADER_HASH_MISMATCH");
            } else {
                let err = api::block_hash(&lie).expect_err(&path);
                assert_eq!(err.code(), "HEADER_HASH_MISMATCH", "{path}: {err}");
            }
            tried += 1;
        }
        for key in header.as_object().expect("object").keys().filter(|k| *k != "hash") {
            let mut lie = header.clone();
            lie.as_object_mut().expect("object").remove(key);
            assert!(api::block_hash(&lie).is_err(), "dropping {key} must be refused");
            tried += 1;
        }
    }
    assert!(tried >= 150, "tried {tried}");
}

#[test]
fn a_mutated_header_in_the_middle_of_a_chain_breaks_a_link() {
    let headers: Vec<Value> = split_rlp(fixture_bytes!("execution-apis/tests/chain.rlp"))
        .into_iter()
        .map(|b| {
            let (received, _, _) = verify::verify_block_rlp("block", b).expect("block");
            serde_json::to_value(&received.header).expect("header json")
        })
        .collect();
    let head = verify::header_from_json("head", &headers[53]).expect("head");
    let checkpoint = serde_json::json!({"number": 54, "hash": head.hash});
    api::verify_header_chain(&Value::Array(headers.clone()), &checkpoint).expect("true chain");
    let mut tried = 0;
    for at in [0usize, 20, 30, 40, 43, 50, 53] {
        for (path, lie) in mutations(&headers[at]) {
            let mut chain = headers.clone();
            chain[at] = lie;
            let err = api::verify_header_chain(&Value::Array(chain), &checkpoint).expect_err(&path);
            assert!(
                matches!(err, Error::BrokenLink { .. } | Error::NotAnchored { .. } | Error::NotConsecutive { .. }),
                "header {at} {path}: {err}"
            );
            tried += 1;
        }
    }
    assert!(tried > 100, "tried {tried}");
}

fn proof_paths(proof: &Value) -> Vec<String> {
    let mut paths = Vec::new();
    for (i, _) in proof["accountProof"].as_array().into_iter().flatten().enumerate() {
        paths.push(format!("/accountProof/{i}"));
    }
    for (s, sp) in proof["storageProof"].as_array().into_iter().flatten().enumerate() {
        for (i, _) in sp["proof"].as_array().into_iter().flatten().enumerate() {
            paths.push(format!("/storageProof/{s}/proof/{i}"));
        }
    }
    paths
}

fn flip_byte(node: &str, byte: usize) -> String {
    let mut chars: Vec<char> = node.chars().collect();
    let at = 2 + 2 * byte;
    if at + 1 < chars.len() {
        chars[at + 1] = if chars[at + 1] == 'f' { 'e' } else { 'f' };
    }
    chars.into_iter().collect()
}

#[test]
fn every_proof_node_flipped_dropped_or_swapped_is_refused() {
    let root = json(fixture!("helios/rpc_block.json"))["stateRoot"].as_str().unwrap_or_default().to_owned();
    let mut tried = 0;
    for text in [fixture!("helios/rpc_proof.json"), fixture!("helios/rpc_block_miner_proof.json")] {
        let proof = json(text);
        api::verify_account_proof(&root, &proof).expect("true proof");
        for path in proof_paths(&proof) {
            let node = proof.pointer(&path).and_then(Value::as_str).unwrap_or_default().to_owned();
            let len = (node.len() - 2) / 2;
            for byte in [0, 1, len / 3, len / 2, len - 1] {
                let mut lie = proof.clone();
                *lie.pointer_mut(&path).expect("node") = Value::String(flip_byte(&node, byte));
                let err = api::verify_account_proof(&root, &lie).expect_err(&format!("{path} byte {byte}"));
                assert!(matches!(err, Error::Proof { .. }), "{path} byte {byte}: {err}");
                tried += 1;
            }
            let (list, index) = path.rsplit_once('/').expect("index");
            let index: usize = index.parse().expect("number");
            let mut dropped = proof.clone();
            dropped.pointer_mut(list).and_then(Value::as_array_mut).expect("list").remove(index);
            assert!(api::verify_account_proof(&root, &dropped).is_err(), "{path} dropped");
            tried += 1;
            let mut swapped = proof.clone();
            let nodes = swapped.pointer_mut(list).and_then(Value::as_array_mut).expect("list");
            if index + 1 < nodes.len() {
                nodes.swap(index, index + 1);
                assert!(api::verify_account_proof(&root, &swapped).is_err(), "{path} swapped");
                tried += 1;
            }
        }
    }
    assert!(tried > 60, "tried {tried}");
}

#[test]
fn a_proof_against_another_root_or_for_another_account_is_refused() {
    let block = json(fixture!("helios/rpc_block.json"));
    let proof = json(fixture!("helios/rpc_proof.json"));
    let parent_root = block["parentHash"].as_str().unwrap_or_default();
    assert!(matches!(api::verify_account_proof(parent_root, &proof), Err(Error::Proof { .. })));

    let root = block["stateRoot"].as_str().unwrap_or_default();
    let miner = json(fixture!("helios/rpc_block_miner_proof.json"));
    let mut lie = proof.clone();
    lie["address"] = miner["address"].clone();
    assert!(api::verify_account_proof(root, &lie).is_err(), "deposit proof claimed for the miner");

    let mut storage_lie = proof.clone();
    storage_lie["storageProof"][0]["key"] = Value::String(format!("0x{:064x}", 2));
    assert!(api::verify_account_proof(root, &storage_lie).is_err(), "slot 1 proof claimed for slot 2");
}

#[test]
fn extra_trailing_proof_items_are_ignored_but_a_truncated_proof_is_not() {
    let root = json(fixture!("helios/rpc_block.json"))["stateRoot"].as_str().unwrap_or_default().to_owned();
    let proof = json(fixture!("helios/rpc_proof.json"));
    let mut extra = proof.clone();
    let unrelated = json(fixture!("helios/rpc_block_miner_proof.json"))["accountProof"][3].clone();
    extra["accountProof"].as_array_mut().expect("list").push(unrelated);
    api::verify_account_proof(&root, &extra).expect("unreferenced extra item ignored");

    let mut truncated = proof.clone();
    truncated["accountProof"].as_array_mut().expect("list").pop();
    let err = api::verify_account_proof(&root, &truncated).expect_err("truncated");
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[test]
fn every_claimed_account_value_that_differs_from_the_proof_is_refused() {
    let root = json(fixture!("helios/rpc_block.json"))["stateRoot"].as_str().unwrap_or_default().to_owned();
    let proof = json(fixture!("helios/rpc_proof.json"));
    for path in ["/balance", "/nonce", "/codeHash", "/storageHash", "/storageProof/0/value"] {
        let mut lie = proof.clone();
        let v = lie.pointer(path).and_then(Value::as_str).unwrap_or_default().to_owned();
        *lie.pointer_mut(path).expect("field") = Value::String(flip_hex(&v));
        let err = api::verify_account_proof(&root, &lie).expect_err(path);
        assert_eq!(err.code(), "CLAIM_MISMATCH", "{path}: {err}");
    }
}

#[test]
fn every_transaction_and_withdrawal_input_mutated_changes_the_root() {
    let (mut tried, mut missed) = (0, Vec::new());
    for text in [fixture!("ethereumjs/block_alchemy14151203.json"), fixture!("ethereumjs/block_testdata-from-rpc-with-withdrawals.json"), fixture!("ethereumjs/block_infura2000004wtxs.json")] {
        let mut block = json(text);
        // Without claimed item hashes the lie must be caught by the root itself.
        for tx in block["transactions"].as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut) {
            tx.remove("hash");
        }
        api::verify_block(&block).expect("true block");
        for (path, lie) in mutations(&block) {
            let in_body = path.starts_with("/transactions/") || path.starts_with("/withdrawals/");
            // Not committed by the root: block metadata, the sender (recovered, not stored), a hash-only
            // transaction list, and `gasPrice` of typed-2+ transactions (the effective price).
            let ignored = ["/blockHash", "/blockNumber", "/transactionIndex", "/from", "/hash"].iter().any(|f| path.ends_with(f))
                || path.matches('/').count() == 2 && path.starts_with("/transactions/")
                || path.ends_with("/gasPrice") && lie.pointer(&path.replace("/gasPrice", "/type")).and_then(Value::as_str).is_some_and(|t| t != "0x0" && t != "0x1");
            if !in_body || ignored {
                continue;
            }
            match api::verify_block(&lie) {
                Err(Error::RootMismatch { .. } | Error::InvalidInput { .. }) => {}
                other => missed.push(format!("{path}: {other:?}")),
            }
            tried += 1;
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
    assert!(tried > 100, "tried {tried}");
}

#[test]
fn every_receipt_input_mutated_changes_the_receipts_root() {
    let expected = json(fixture!("helios/rpc_block.json"))["receiptsRoot"].as_str().unwrap_or_default().to_owned();
    let receipts = json(fixture!("helios/rpc_receipts.json"));
    let sample = Value::Array(receipts.as_array().expect("list").clone());
    let mut tried = 0;
    for index in [0usize, 39, 201] {
        let consensus = ["/status", "/cumulativeGasUsed", "/logsBloom", "/type"];
        for (path, lie) in mutations(&sample[index]) {
            let in_logs = path.starts_with("/logs/") && (path.contains("/topics/") || path.ends_with("/data") || path.ends_with("/address"));
            if !(consensus.contains(&path.as_str()) || in_logs) {
                continue;
            }
            let mut all = sample.clone();
            all[index] = lie;
            match api::receipts_root(&all) {
                Ok(root) => assert_ne!(root.to_string(), expected, "receipt {index} {path}"),
                Err(err) => assert_eq!(err.code(), "INVALID_INPUT", "receipt {index} {path}: {err}"),
            }
            tried += 1;
        }
    }
    assert!(tried > 20, "tried {tried}");
}

#[test]
fn a_receipt_inclusion_proof_for_another_receipt_or_index_is_refused() {
    let root = json(fixture!("helios/rpc_block.json"))["receiptsRoot"].as_str().unwrap_or_default().to_owned();
    let entry = json(fixture!("helios/verifiable_api_receipt.json"));
    api::verify_receipt_proof(&root, 39, &entry["receipt"], &entry["receiptProof"]).expect("true proof");
    assert!(api::verify_receipt_proof(&root, 38, &entry["receipt"], &entry["receiptProof"]).is_err());
    let mut lie = entry["receipt"].clone();
    lie["cumulativeGasUsed"] = Value::String("0x1".into());
    assert_eq!(api::verify_receipt_proof(&root, 39, &lie, &entry["receiptProof"]).map_err(|e| e.code()), Err("CLAIM_MISMATCH"));
}

#[test]
fn checkpoint_given_as_hex_or_number_anchors_the_same_chain() {
    let blocks = json(fixture!("ethereumjs/block_blocks_mainnet.json"));
    let headers: Vec<Value> = blocks.as_array().expect("list").iter().map(|b| b["header"].clone()).collect();
    let first = verify::header_from_json("h", &headers[0]).expect("header");
    let cp = Checkpoint { number: 1, hash: first.hash };
    for checkpoint in [serde_json::json!({"number": 1, "hash": cp.hash}), serde_json::json!({"number": "0x1", "hash": cp.hash})] {
        assert_eq!(api::verify_header_chain(&Value::Array(headers.clone()), &checkpoint).expect("anchored").len(), 5);
    }
}
