//! The validating mode against a real anvil: every block linked after the checkpoint is re-executed
//! on its parent's proven state before it counts, so a server that serves a header with a forged
//! state root (hashing correctly, linking to the honest chain) cannot make it `latest`, fresh or
//! from the store.

mod common;

use alloy_consensus::Header;
use alloy_primitives::B256;
use common::{anvil, ureq_call};
use metis_lightnode::node::{LightNode, NodeConfig};
use metis_lightnode::rpc::http::HttpTransport;
use metis_lightnode::rpc::{HttpAnswer, Transport};
use metis_lightnode::store::MemoryStore;
use metis_lightnode::verify::Checkpoint;
use serde_json::{Value, json};
use std::cell::Cell;
use std::rc::Rc;

/// anvil, except that block `forged` (while set) comes with its state root changed and its hash
/// recomputed: a fork built on real transactions.
struct Forger {
    forged: Cell<Option<u64>>,
}

impl Forger {
    fn forge(block: &mut Value) {
        let Ok(mut header) = serde_json::from_value::<alloy_rpc_types_eth::Header>(block.clone()).map(|h| h.inner) else { return };
        header.state_root = B256::repeat_byte(0x42);
        let hash = Header::hash_slow(&header);
        block["stateRoot"] = json!(header.state_root);
        block["hash"] = json!(hash);
    }
}

impl Transport for &Forger {
    async fn post(&self, url: &str, body: String, timeout_ms: u32) -> Result<HttpAnswer, String> {
        let mut answer = HttpTransport.post(url, body, timeout_ms).await?;
        let Some(forged) = self.forged.get() else { return Ok(answer) };
        let mut answers: Value = serde_json::from_str(&answer.body).map_err(|e| e.to_string())?;
        let items: Vec<&mut Value> = match &mut answers {
            Value::Array(list) => list.iter_mut().collect(),
            single => vec![single],
        };
        for result in items.into_iter().filter_map(|item| item.get_mut("result")) {
            if result.get("stateRoot").is_some() && result["number"] == json!(format!("{forged:#x}")) {
                Forger::forge(result);
            }
        }
        answer.body = answers.to_string();
        Ok(answer)
    }

    async fn sleep(&self, ms: u32) {
        HttpTransport.sleep(ms).await;
    }

    fn now_ms(&self) -> u64 {
        HttpTransport.now_ms()
    }
}

#[test]
fn a_forged_state_root_is_not_latest_in_validating_mode() {
    let Some(anvil) = anvil(10) else { panic!("anvil from node_modules did not start: run `npm ci` first") };
    let url = anvil.1.clone();
    let dev = ureq_call(&url, "eth_accounts", json!([])).and_then(|a| a[0].as_str().map(str::to_owned)).expect("dev account");
    for to in ["0x00000000000000000000000000000000000000a1", "0x00000000000000000000000000000000000000a2", "0x00000000000000000000000000000000000000a3"] {
        ureq_call(&url, "eth_sendTransaction", json!([{ "from": dev, "to": to, "value": "0x1" }])).expect("send");
    }
    let block = |n: u64| ureq_call(&url, "eth_getBlockByNumber", json!([format!("{n:#x}"), false])).expect("block");
    while block(3).is_null() {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let one = block(1);
    let checkpoint = Checkpoint { number: 1, hash: one["hash"].as_str().and_then(|h| h.parse().ok()).expect("hash") };
    let config = NodeConfig { chain: "devnet".into(), rpc: vec![url.clone()], checkpoint: Some(checkpoint), validate: Some(true), ..NodeConfig::default() };

    let forger = Forger { forged: Cell::new(Some(3)) };
    let node = futures::executor::block_on(LightNode::from_config(&config, &forger, MemoryStore::default())).expect("the node starts and serves");
    assert_eq!(node.head().expect("head").header.number, 2, "block 2 is re-executed and bound; the forged block 3 is not");
    let status = node.trust_status().expect("status");
    assert!(status["latestStoppedBy"].as_str().is_some_and(|s| s.contains("stateRoot")), "{status}");
    let refused = futures::executor::block_on(node.sync()).expect_err("the forged block is refused again");
    assert_eq!(refused.code(), "EXECUTION_MISMATCH");

    // A store that a plain node filled from the forger holds the forged block: a validating node
    // over it admits stored blocks as fresh ones, so the forged one is still not latest.
    let store = Rc::new(MemoryStore::default());
    let plain = NodeConfig { validate: None, ..config.clone() };
    let filled = futures::executor::block_on(LightNode::from_config(&plain, &forger, Rc::clone(&store))).expect("plain node");
    assert_eq!(filled.head().expect("head").header.number, 3, "without validation the forged block is linked");
    let reloaded = futures::executor::block_on(LightNode::from_config(&config, &forger, Rc::clone(&store))).expect("validating node");
    assert_eq!(reloaded.head().expect("head").header.number, 2);

    // The honest block, once served, is bound.
    forger.forged.set(None);
    assert_eq!(futures::executor::block_on(node.sync()).expect("sync"), 3);
    let status = node.trust_status().expect("status");
    assert!(status["latestStoppedBy"].is_null());
    assert!(status["tags"]["latest"].as_str().is_some_and(|s| s.contains("re-executing")), "{status}");
}
