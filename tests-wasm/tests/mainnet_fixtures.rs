//! Real mainnet data recorded from helios and ethereumjs: headers of every shape, roots, proofs.

mod common;

use alloy_primitives::keccak256;
use common::json;
use metis_lightnode::chain::presets::ETHEREUM;
use metis_lightnode::verify::{self, Checkpoint};
use metis_lightnode::{api, json::parse_hex};
use serde_json::{Value, json};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn helios_block() -> Value {
    json(fixture!("helios/rpc_block.json"))
}

fn state_root(block: &Value) -> String {
    block["stateRoot"].as_str().unwrap_or_default().to_owned()
}

/// A helios verifiable-API account (`{account, code, accountProof, storageProof}`) as `eth_getProof`.
fn as_get_proof(address: &str, entry: &Value) -> Value {
    let a = &entry["account"];
    json!({
        "address": address, "balance": a["balance"], "nonce": a["nonce"], "codeHash": a["codeHash"],
        "storageHash": a["storageRoot"], "accountProof": entry["accountProof"], "storageProof": entry["storageProof"],
    })
}

#[test]
fn headers_of_every_shape_hash_to_their_recorded_hash_and_fit_their_fork() {
    let cases = [
        (fixture!("ethereumjs/block_infura2000004wtxs.json"), 15),
        (fixture!("ethereumjs/block_alchemy14151203.json"), 16),
        (fixture!("ethereumjs/block_infura15571241wtxns.json"), 16),
        (fixture!("ethereumjs/sm_providerData_blocks_block0x7a120.json"), 15),
        (fixture!("helios/rpc_block.json"), 20),
        (fixture!("helios/bpo2_block26050794_header.json"), 21),
    ];
    for (text, fields) in cases {
        let block = json(text);
        let received = verify::header_from_json("block", &block).expect("header hashes to its claimed hash");
        let h = &received.header;
        assert_eq!(verify::header::field_count(h), fields, "block {}", h.number);
        assert_eq!(ETHEREUM.header_fields_at(h.number, h.timestamp), Some(fields), "block {}", h.number);
    }
    for text in [
        fixture!("ethereumjs/block_testdata-from-rpc-with-withdrawals.json"),
        fixture!("ethereumjs/block_testdata-from-rpc-with-uncles.json"),
        fixture!("ethereumjs/block_testdata-from-rpc-with-uncles_uncle-block-data.json"),
        fixture!("ethereumjs/block_testdata-from-rpc.json"),
        fixture!("ethereumjs/sm_providerData_blocks_block0x7a11f.json"),
    ] {
        verify::header_from_json("block", &json(text)).expect("header hashes to its claimed hash");
    }
}

#[test]
fn blocks_with_transactions_and_withdrawals_recompute_their_roots() {
    for text in [
        fixture!("ethereumjs/block_infura2000004wtxs.json"),
        fixture!("ethereumjs/block_alchemy14151203.json"),
        fixture!("ethereumjs/block_infura15571241wtxns.json"),
        fixture!("ethereumjs/block_testdata-from-rpc.json"),
        fixture!("ethereumjs/block_testdata-from-rpc-with-withdrawals.json"),
        fixture!("helios/rpc_block.json"),
    ] {
        let block = json(text);
        let report = api::verify_block(&block).expect("block verifies");
        let txs = block["transactions"].as_array().map_or(0, Vec::len);
        if block["transactions"][0].is_object() {
            assert_eq!(report.transactions_checked, Some(txs), "block {}", report.number);
        }
        if let Some(ws) = block["withdrawals"].as_array() {
            assert_eq!(report.withdrawals_checked, Some(ws.len()));
        }
    }
}

#[test]
fn mainnet_blocks_one_to_five_link_in_ethereum_tests_naming() {
    let blocks = json(fixture!("ethereumjs/block_blocks_mainnet.json"));
    let headers: Vec<_> = blocks
        .as_array()
        .expect("array")
        .iter()
        .map(|b| verify::header_from_json("blockHeader", &b["header"]).expect("header"))
        .collect();
    assert_eq!(headers[0].hash.to_string(), "0x88e96d4537bea4d9c05d12549907b32561d3bf31f45aae734cdc119f13406cb6");
    let genesis = Checkpoint { number: 0, hash: headers[0].header.parent_hash };
    assert_eq!(verify::verify_header_chain(&headers, genesis).expect("links").len(), 5);
}

#[test]
fn genesis_rlp_decodes_to_the_mainnet_genesis_hash() {
    let test = &json(fixture!("ethereumjs/block_genesisHashesTest.json"))["test"];
    let rlp = parse_hex("genesis", &format!("0x{}", test["genesis_rlp_hex"].as_str().unwrap_or_default())).expect("hex");
    let (_, _, report) = verify::verify_block_rlp("genesis", &rlp).expect("genesis block");
    assert_eq!(report.hash.to_string().trim_start_matches("0x"), test["genesis_hash"].as_str().unwrap_or_default());
}

#[test]
fn helios_receipts_recompute_the_receipts_root() {
    let root = api::receipts_root(&json(fixture!("helios/rpc_receipts.json"))).expect("receipts");
    assert_eq!(root.to_string(), helios_block()["receiptsRoot"].as_str().unwrap_or_default());
}

#[test]
fn helios_receipt_inclusion_proofs_verify() {
    let block = helios_block();
    let receipts_root = block["receiptsRoot"].as_str().unwrap_or_default();
    let single = json(fixture!("helios/verifiable_api_receipt.json"));
    let logs = json(fixture!("helios/verifiable_api_logs.json"));
    let mut entries = vec![single];
    entries.extend(logs["receiptProofs"].as_object().into_iter().flat_map(|m| m.values().cloned()));
    for entry in &entries {
        let index = u64::from_str_radix(entry["receipt"]["transactionIndex"].as_str().unwrap_or_default().trim_start_matches("0x"), 16).expect("index");
        api::verify_receipt_proof(receipts_root, index, &entry["receipt"], &entry["receiptProof"]).expect("receipt included");
    }
    assert!(entries.len() >= 2);
}

#[test]
fn helios_account_proofs_verify_against_the_state_root() {
    let root = state_root(&helios_block());
    let deposit = api::verify_account_proof(&root, &json(fixture!("helios/rpc_proof.json"))).expect("deposit contract");
    assert_eq!(deposit.storage.len(), 1);
    let miner = api::verify_account_proof(&root, &json(fixture!("helios/rpc_block_miner_proof.json"))).expect("miner");
    assert!(miner.exists && miner.storage.is_empty());

    let account = json(fixture!("helios/rpc_account.json"));
    let proven = api::verify_account_proof(&root, &as_get_proof("0x00000000219ab540356cbb839cbe05303d7705fa", &account)).expect("account");
    api::verify_code(&proven.code_hash.to_string(), account["code"].as_str().unwrap_or_default()).expect("code matches");

    let access = json(fixture!("helios/verifiable_api_access_list.json"));
    for (address, entry) in access["accounts"].as_object().expect("accounts") {
        let proven = api::verify_account_proof(&root, &as_get_proof(address, entry)).expect("access-list account");
        if let Some(code) = entry["code"].as_str() {
            api::verify_code(&proven.code_hash.to_string(), code).expect("code matches");
        }
    }
}

#[test]
fn ethereumjs_account_proofs_verify_at_their_blocks() {
    let blocks = [
        ("0x7a11f", json(fixture!("ethereumjs/sm_providerData_blocks_block0x7a11f.json"))),
        ("0x7a120", json(fixture!("ethereumjs/sm_providerData_blocks_block0x7a120.json"))),
    ];
    let files = [
        fixture!("ethereumjs/sm_providerData_accounts_0x0000000000000000000000000000000000000000.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0x1f9840a85d5af5bf1d1762f925bdaddc4201f984.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0x580992b51e3925e23280efb93d3047c82f17e038.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0x7b0f34615564cd976fea815d9691cc102f4058d6.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0xbe862ad9abfe6f22bcb087716c7d89a26051f74c.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0xcad621da75a66c7a8f4ff86d30a2bf981bfc8fdd.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0xccafdd642118e5536024675e776d32413728dd07.json"),
        fixture!("ethereumjs/sm_providerData_accounts_0xd8da6bf26964af9d7eed9e03e53415d37aa96045.json"),
    ];
    let (mut at_block, mut absent, mut slots) = (0, 0, 0);
    for file in files {
        for (tag, response) in json(file).as_object().expect("by tag") {
            let root = match blocks.iter().find(|(t, _)| t == tag) {
                Some((_, block)) => {
                    at_block += 1;
                    state_root(block)
                }
                // Mock tags have no header: the first proof node is the root.
                None => keccak256(parse_hex("node", response["accountProof"][0].as_str().unwrap_or_default()).expect("hex")).to_string(),
            };
            let account = api::verify_account_proof(&root, response).expect("proof verifies");
            absent += usize::from(!account.exists);
            slots += account.storage.len();
        }
    }
    assert_eq!(at_block, 2);
    assert!(absent >= 1, "the set holds an absent account");
    assert!(slots >= 2, "UNI storage proofs");
}

#[test]
fn ropsten_proofs_verify_including_an_absent_account() {
    let mut absent = 0;
    for text in [
        fixture!("ethereumjs/sm_ropsten_contractWithStorage.json"),
        fixture!("ethereumjs/sm_ropsten_nonexistentAccount.json"),
        fixture!("ethereumjs/sm_ropsten_validAccount.json"),
    ] {
        let response = json(text);
        let root = keccak256(parse_hex("node", response["accountProof"][0].as_str().unwrap_or_default()).expect("hex"));
        let account = api::verify_account_proof(&root.to_string(), &response).expect("proof verifies");
        absent += usize::from(!account.exists);
    }
    assert_eq!(absent, 1);
}

#[test]
fn a_single_rpc_transaction_hashes_to_its_claimed_hash() {
    let tx = json(fixture!("ethereumjs/sm_providerData_transactions_0xed1960aa7d0d7b567c946d94331dddb37a1c67f51f30bf51f256ea40db88cfb0.json"));
    api::transactions_root(&Value::Array(vec![tx])).expect("type-2 transaction decodes and hashes");
}

#[test]
fn blockchain_test_style_chains_hash_link_and_decode_from_rlp() {
    for text in [fixture!("ethereumjs/block_testdata_pre-london.json"), fixture!("ethereumjs/block_testdata_pre-london-2.json")] {
        let test = json(text);
        let genesis = verify::header_from_json("genesisBlockHeader", &test["genesisBlockHeader"]).expect("genesis hashes");
        let mut headers = vec![genesis.clone()];
        for block in test["blocks"].as_array().expect("blocks") {
            let from_json = verify::header_from_json("blockHeader", &block["blockHeader"]).expect("header hashes");
            let rlp = parse_hex("rlp", block["rlp"].as_str().unwrap_or_default()).expect("hex");
            let (from_rlp, _, _) = verify::verify_block_rlp("rlp", &rlp).expect("block body matches its header");
            assert_eq!(from_rlp.hash, from_json.hash);
            headers.push(from_json);
        }
        let cp = Checkpoint { number: genesis.header.number, hash: genesis.hash };
        let verified = verify::verify_header_chain(&headers, cp).expect("chain links");
        assert_eq!(verified.last().map(|h| h.hash.to_string()), test["lastblockhash"].as_str().map(|s| format!("0x{}", s.trim_start_matches("0x"))));
    }
}

#[test]
fn empty_storage_proofs_are_accepted_as_no_nodes_and_as_the_empty_node() {
    let root = state_root(&helios_block());
    let mut miner = json(fixture!("helios/rpc_block_miner_proof.json"));
    miner["storageProof"] = json!([
        {"key": "0x0", "value": "0x0", "proof": []},
        {"key": format!("0x{:064x}", 1), "value": "0x0", "proof": ["0x80"]},
    ]);
    let account = api::verify_account_proof(&root, &miner).expect("empty storage, both shapes");
    assert_eq!(account.storage.len(), 2);
    miner["storageProof"][1]["value"] = json!("0x1");
    assert_eq!(api::verify_account_proof(&root, &miner).map_err(|e| e.code()), Err("CLAIM_MISMATCH"));
}

#[test]
fn transaction_inclusion_proofs_verify_for_every_index() {
    use alloy_eips::eip2718::Encodable2718;
    use alloy_trie::{HashBuilder, Nibbles, proof::ProofRetainer};
    let block = json(fixture!("ethereumjs/block_alchemy14151203.json"));
    let txs = block["transactions"].as_array().expect("txs");
    let root = block["transactionsRoot"].as_str().unwrap_or_default();
    let mut leaves: Vec<(Vec<u8>, Vec<u8>)> = txs
        .iter()
        .enumerate()
        .map(|(i, tx)| {
            let decoded = metis_lightnode::verify::roots::transaction_from_json("tx", tx).expect("tx");
            (alloy_rlp::encode(i), decoded.encoded_2718())
        })
        .collect();
    leaves.sort();
    for index in 0..txs.len() {
        let key = Nibbles::unpack(alloy_rlp::encode(index));
        let mut hb = HashBuilder::default().with_proof_retainer(ProofRetainer::new(vec![key]));
        for (k, v) in &leaves {
            hb.add_leaf(Nibbles::unpack(k), v);
        }
        assert_eq!(hb.root().to_string(), root);
        let proof: Vec<Value> = hb.take_proof_nodes().matching_nodes_sorted(&key).into_iter().map(|(_, n)| json!(n)).collect();
        api::verify_transaction_proof(root, index as u64, &txs[index], &Value::Array(proof.clone())).expect("included");
        let other = (index + 1) % txs.len();
        assert!(api::verify_transaction_proof(root, index as u64, &txs[other], &Value::Array(proof)).is_err());
    }
}
