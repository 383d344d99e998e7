//! MetisDB natively against a real anvil: a second node over the same store answers what the first
//! proved with zero RPC round trips, a corrupted node is dropped and fetched again, and headers in
//! the store are believed only once the server confirms them.

use metis_lightnode::node::{LightNode, NodeConfig};
use metis_lightnode::rpc::http::HttpTransport;
use metis_lightnode::store::{FileStore, MemoryStore, Store, Table};
use metis_lightnode::verify::Checkpoint;
use serde_json::{Value, json};
use std::rc::Rc;

mod common;
use common::{anvil, anvil_with, ureq_call};

fn node<S: Store>(url: &str, checkpoint: Checkpoint, store: S) -> LightNode<HttpTransport, S> {
    let config = NodeConfig { chain: "devnet".into(), rpc: vec![url.into()], checkpoint: Some(checkpoint), ..NodeConfig::default() };
    futures::executor::block_on(LightNode::from_config(&config, HttpTransport, store)).expect("node starts")
}

/// Deploys a contract storing 0x2a at slot 0 whose code returns slot 0; returns the queries that
/// read it (balance, storage, code, call) at the deploy block, the runtime code and the checkpoint.
fn deploy(url: &str) -> (Vec<(&'static str, Value)>, &'static str, Checkpoint) {
    // A contract storing 0x2a at slot 0 whose code returns slot 0: SLOAD(0) MSTORE RETURN.
    let runtime = "60005460005260206000f3";
    let init = format!("602a600055600b6011600039600b6000f3{runtime}");
    let dev = ureq_call(url, "eth_accounts", json!([])).and_then(|a| a[0].as_str().map(str::to_owned)).expect("dev account");
    let hash = ureq_call(url, "eth_sendTransaction", json!([{ "from": dev, "data": format!("0x{init}") }])).expect("deploy");
    // anvil mines the transaction just after answering: wait for its receipt.
    let receipt = (0..100)
        .find_map(|_| {
            let receipt = ureq_call(url, "eth_getTransactionReceipt", json!([hash])).filter(|r| !r.is_null());
            if receipt.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            receipt
        })
        .expect("receipt");
    let contract = receipt["contractAddress"].as_str().expect("address").to_owned();
    let block = receipt["blockNumber"].clone();
    let genesis = ureq_call(url, "eth_getBlockByNumber", json!(["0x0", false])).expect("genesis");
    let checkpoint = Checkpoint { number: 0, hash: genesis["hash"].as_str().and_then(|h| h.parse().ok()).expect("hash") };
    let queries = vec![
        ("eth_getBalance", json!([dev, block])),
        ("eth_getStorageAt", json!([contract, "0x0", block])),
        ("eth_getCode", json!([contract, block])),
        ("eth_call", json!([{ "to": contract }, block])),
    ];
    (queries, runtime, checkpoint)
}

#[test]
fn a_second_node_over_the_same_store_answers_with_zero_round_trips() {
    let Some(anvil) = anvil(0) else { panic!("anvil from node_modules did not start: run `npm ci` first") };
    let url = anvil.1.clone();
    let (queries, runtime, checkpoint) = deploy(&url);
    let store = Rc::new(MemoryStore::default());
    let first = node(&url, checkpoint, Rc::clone(&store));
    let answers: Vec<Value> = queries.iter().map(|(m, p)| futures::executor::block_on(first.request(m, p)).expect(m)).collect();
    assert_eq!(answers[3], json!(format!("0x{:064x}", 0x2a)));

    let second = node(&url, checkpoint, Rc::clone(&store));
    let before = second.round_trips();
    for ((method, params), expected) in queries.iter().zip(&answers) {
        assert_eq!(&futures::executor::block_on(second.request(method, params)).expect(method), expected, "{method}");
        assert_eq!(second.round_trips(), before, "{method} made an RPC round trip");
    }
    assert!(second.store().stats().hits > 0);

    // Corrupt the store's copy of the code; the third node must notice, drop it and fetch again.
    let code_hash = alloy_primitives::keccak256(alloy_primitives::hex::decode(runtime).expect("hex"));
    store.tamper(Table::Code, code_hash.to_vec(), vec![0xde, 0xad]);
    let third = node(&url, checkpoint, Rc::clone(&store));
    let before = third.round_trips();
    assert_eq!(futures::executor::block_on(third.request("eth_getCode", &queries[2].1)).expect("code"), answers[2]);
    assert!(third.round_trips() > before, "the corrupted code was fetched again");
    assert_eq!(third.store().stats().corrupt, 1);
}

#[test]
fn a_reopened_store_file_answers_with_zero_round_trips() {
    let Some(anvil) = anvil(1) else { panic!("anvil from node_modules did not start: run `npm ci` first") };
    let url = anvil.1.clone();
    let (queries, _, checkpoint) = deploy(&url);
    let path = std::env::temp_dir().join(format!("metis-lightnode-test-{}.redb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let answers: Vec<Value> = {
        let first = node(&url, checkpoint, FileStore::open(&path).expect("store file"));
        queries.iter().map(|(m, p)| futures::executor::block_on(first.request(m, p)).expect(m)).collect()
    };
    let reopened = node(&url, checkpoint, FileStore::open(&path).expect("reopened store file"));
    let before = reopened.round_trips();
    for ((method, params), expected) in queries.iter().zip(&answers) {
        assert_eq!(&futures::executor::block_on(reopened.request(method, params)).expect(method), expected, "{method}");
    }
    assert_eq!(reopened.round_trips(), before, "answers after reopening made RPC round trips");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn stored_headers_of_another_chain_are_not_linked_on_load() {
    // Two chains from one genesis: the store is filled from the forker's, then read by a node of the
    // honest one. The forged headers link to the checkpoint and hash correctly; they must not count.
    let same = ["--timestamp", "1700000000"];
    let (Some(honest), Some(forker)) = (anvil_with(2, &same), anvil_with(3, &same)) else { panic!("anvil did not start") };
    for _ in 0..3 {
        ureq_call(&honest.1, "evm_mine", json!([])).expect("mine");
    }
    ureq_call(&forker.1, "anvil_setBalance", json!(["0x00000000000000000000000000000000000000aa", "0x1"])).expect("grant");
    for _ in 0..3 {
        ureq_call(&forker.1, "evm_mine", json!([])).expect("mine");
    }
    let genesis = ureq_call(&honest.1, "eth_getBlockByNumber", json!(["0x0", false])).expect("genesis");
    let checkpoint = Checkpoint { number: 0, hash: genesis["hash"].as_str().and_then(|h| h.parse().ok()).expect("hash") };
    let store = Rc::new(MemoryStore::default());
    let forked = node(&forker.1, checkpoint, Rc::clone(&store));
    assert_eq!(forked.head().expect("head").header.number, 3);

    let node = node(&honest.1, checkpoint, Rc::clone(&store));
    let honest_head = ureq_call(&honest.1, "eth_getBlockByNumber", json!(["latest", false])).expect("head");
    assert_eq!(json!(node.head().expect("head").hash), honest_head["hash"], "the node follows the server's confirmed chain, not the stored fork");
}
