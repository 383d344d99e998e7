//! The hive test chain (execution-apis): 54 blocks from Frontier to BPO2, and geth's recorded answers.

mod common;

use alloy_primitives::B256;
use common::{io_exchange, json, split_rlp};
use metis_lightnode::verify::{self, Checkpoint, ReceivedHeader};
use metis_lightnode::{api, json::parse_b256};
use serde_json::Value;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Every block of chain.rlp, body checked against its header.
fn chain() -> Vec<ReceivedHeader> {
    split_rlp(fixture_bytes!("execution-apis/tests/chain.rlp"))
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| verify::verify_block_rlp(&format!("block {i}"), bytes).expect("block verifies").0)
        .collect()
}

fn head_checkpoint() -> Checkpoint {
    let fcu = json(fixture!("execution-apis/tests/headfcu.json"));
    let hash = fcu["params"][0]["headBlockHash"].as_str().expect("head hash");
    Checkpoint { number: 54, hash: parse_b256("headBlockHash", hash).expect("hash") }
}

#[test]
fn chain_rlp_blocks_verify_their_roots_and_field_counts() {
    let headers = chain();
    assert_eq!(headers.len(), 54);
    let fields: Vec<usize> = headers.iter().map(|h| verify::header::field_count(&h.header)).collect();
    assert!(fields[..26].iter().all(|&n| n == 15), "{fields:?}");
    assert!(fields[26..38].iter().all(|&n| n == 16), "{fields:?}");
    assert!(fields[38..41].iter().all(|&n| n == 17), "{fields:?}");
    assert!(fields[41..44].iter().all(|&n| n == 20), "{fields:?}");
    assert!(fields[44..].iter().all(|&n| n == 21), "{fields:?}");
}

#[test]
fn chain_links_backward_from_the_head_checkpoint() {
    let verified = verify::verify_header_chain(&chain(), head_checkpoint()).expect("chain links to head");
    assert_eq!(verified.first().map(|h| h.number), Some(1));
    assert_eq!(verified.last().map(|h| h.hash), Some(head_checkpoint().hash));
}

#[test]
fn chain_links_forward_from_the_genesis_checkpoint() {
    let headers = chain();
    let genesis = Checkpoint { number: 0, hash: headers[0].header.parent_hash };
    let verified = verify::verify_header_chain(&headers, genesis).expect("chain descends from genesis");
    assert_eq!(verified.len(), 54);
}

#[test]
fn a_wrong_checkpoint_is_refused() {
    let mut cp = head_checkpoint();
    cp.hash = B256::repeat_byte(1);
    let err = verify::verify_header_chain(&chain(), cp).expect_err("wrong checkpoint");
    assert_eq!(err.code(), "NOT_ANCHORED");
}

fn block_param(request: &Value, headers: &[ReceivedHeader]) -> Option<usize> {
    let tag = request["params"].as_array()?.last()?;
    let tag = tag.as_str().or_else(|| tag.get("blockHash").and_then(Value::as_str))?;
    match tag {
        "latest" => Some(headers.len() - 1),
        t if t.len() == 66 => headers.iter().position(|h| h.hash.to_string() == t),
        t => usize::from_str_radix(t.trim_start_matches("0x"), 16).ok().map(|n| n - 1),
    }
}

#[test]
fn recorded_get_proof_answers_verify_against_the_chain_state_roots() {
    let headers = chain();
    let files = [
        fixture!("execution-apis/tests/eth_getProof/get-account-proof-blockhash.io"),
        fixture!("execution-apis/tests/eth_getProof/get-account-proof-default-block.io"),
        fixture!("execution-apis/tests/eth_getProof/get-account-proof-latest.io"),
        fixture!("execution-apis/tests/eth_getProof/get-account-proof-with-storage.io"),
    ];
    for file in files {
        let (request, response) = io_exchange(file);
        let at = block_param(&request, &headers).unwrap_or(headers.len() - 1);
        let root = headers[at].header.state_root.to_string();
        let account = api::verify_account_proof(&root, &response["result"]).expect("proof verifies");
        assert_eq!(format!("{:?}", account.address).to_lowercase(), request["params"][0].as_str().unwrap_or_default());
    }
}

#[test]
fn recorded_blocks_hash_and_match_the_chain() {
    let headers = chain();
    let files = [
        fixture!("execution-apis/tests/eth_getBlockByNumber/get-block-cancun-fork.io"),
        fixture!("execution-apis/tests/eth_getBlockByNumber/get-block-london-fork.io"),
        fixture!("execution-apis/tests/eth_getBlockByNumber/get-block-merge-fork.io"),
        fixture!("execution-apis/tests/eth_getBlockByNumber/get-block-prague-fork.io"),
        fixture!("execution-apis/tests/eth_getBlockByNumber/get-block-shanghai-fork.io"),
        fixture!("execution-apis/tests/eth_getBlockByNumber/get-latest.io"),
        fixture!("execution-apis/tests/eth_getBlockByHash/get-block-by-hash.io"),
    ];
    for file in files {
        let (_, response) = io_exchange(file);
        let report = api::verify_block(&response["result"]).expect("block verifies");
        let number = usize::try_from(report.number).expect("small");
        assert_eq!(headers[number - 1].hash, report.hash, "block {number}");
    }
}

#[test]
fn recorded_block_receipts_recompute_the_receipts_root() {
    let headers = chain();
    let files = [
        fixture!("execution-apis/tests/eth_getBlockReceipts/get-block-receipts-by-hash.io"),
        fixture!("execution-apis/tests/eth_getBlockReceipts/get-block-receipts-latest.io"),
        fixture!("execution-apis/tests/eth_getBlockReceipts/get-block-receipts-n.io"),
    ];
    for file in files {
        let (request, response) = io_exchange(file);
        let at = block_param(&request, &headers).expect("block param");
        let root = api::receipts_root(&response["result"]).expect("receipts parse");
        assert_eq!(root, headers[at].header.receipts_root, "block {}", at + 1);
    }
}

#[test]
fn chain_rlp_holds_every_transaction_type_and_their_roots_verify() {
    use alloy_consensus::Typed2718;
    let mut types = std::collections::BTreeSet::new();
    for bytes in split_rlp(fixture_bytes!("execution-apis/tests/chain.rlp")) {
        let (_, block, _) = verify::verify_block_rlp("block", bytes).expect("block verifies");
        types.extend(block.body.transactions.iter().map(|tx| tx.ty()));
    }
    assert_eq!(types.into_iter().collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
}
