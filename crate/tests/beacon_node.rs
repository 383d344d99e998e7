//! A LightNode anchored by Ethereum's sync committee, on recorded mainnet data: the beacon API
//! answers helios's Capella light-client data, the execution RPC answers the headers of the beacon
//! blocks' execution payloads. `latest` is what the committee signed, whatever the server claims.

use alloy_eips::eip4895::Withdrawal;
use alloy_primitives::{Address, B256, U256, b256};
use metis_lightnode::beacon::{BeaconConfig, BeaconError, BeaconSync, Mainnet, Proof};
use metis_lightnode::chain::presets::ETHEREUM;
use metis_lightnode::node::{LightNode, NodeOptions};
use metis_lightnode::rpc::{HttpAnswer, HttpBytes, RetryPolicy, RpcClient, Transport};
use metis_lightnode::store::{MemoryStore, MetisDb};
use metis_lightnode::verify::{roots, trie_root::trie_root};
use metis_lightnode::Error;
use serde_json::{Value, json};
use std::collections::HashMap;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures/beacon/helios-mainnet-capella/");
const ROOT: B256 = b256!("0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275");
/// Mainnet genesis plus the slot after the newest recorded signature, in seconds.
const NOW: u64 = 1_606_824_023 + 7_109_432 * 12;

fn read(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn quantity(v: &Value) -> String {
    format!("{:#x}", v.as_str().and_then(|s| s.parse::<u64>().ok()).unwrap_or_default())
}

/// The execution header of a recorded beacon block, as `eth_getBlockByNumber(n, false)` gives it.
fn execution_block(slot: u64) -> Value {
    let p = read(&format!("blocks/{slot}.json"))["data"]["message"]["body"]["execution_payload"].clone();
    let txs: Vec<Vec<u8>> = p["transactions"].as_array().into_iter().flatten().map(|t| alloy_primitives::hex::decode(t.as_str().unwrap_or_default()).unwrap_or_default()).collect();
    let tx_root = trie_root(txs.iter().enumerate().map(|(i, t)| (alloy_rlp::encode(i), t)));
    let withdrawals: Vec<Withdrawal> = p["withdrawals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| Withdrawal {
            index: w["index"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default(),
            validator_index: w["validator_index"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default(),
            address: w["address"].as_str().and_then(|s| s.parse::<Address>().ok()).unwrap_or_default(),
            amount: w["amount"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default(),
        })
        .collect();
    let base_fee: U256 = p["base_fee_per_gas"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default();
    json!({
        "number": quantity(&p["block_number"]), "hash": p["block_hash"], "parentHash": p["parent_hash"],
        "sha3Uncles": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
        "miner": p["fee_recipient"], "stateRoot": p["state_root"], "transactionsRoot": tx_root,
        "receiptsRoot": p["receipts_root"], "logsBloom": p["logs_bloom"], "difficulty": "0x0",
        "gasLimit": quantity(&p["gas_limit"]), "gasUsed": quantity(&p["gas_used"]), "timestamp": quantity(&p["timestamp"]),
        "extraData": p["extra_data"], "mixHash": p["prev_randao"], "nonce": "0x0000000000000000",
        "baseFeePerGas": format!("{base_fee:#x}"), "withdrawalsRoot": roots::withdrawals_root(&withdrawals),
    })
}

/// A beacon API and an execution RPC answering from the recordings, with switches for lies.
#[derive(Debug, Default)]
struct Recorded {
    blocks: HashMap<u64, Value>,
    /// Beacon paths answered 404.
    missing: Vec<&'static str>,
    /// Beacon answers rewritten before they are sent.
    lie: Option<fn(&str, &mut Value)>,
    /// Beacon paths asked for.
    asked: std::cell::RefCell<Vec<String>>,
}

impl Recorded {
    fn new() -> Self {
        let blocks = [7_109_344, 7_109_430, 7_109_431].into_iter().map(execution_block).map(|b| (u64::from_str_radix(b["number"].as_str().unwrap_or("0x0").trim_start_matches("0x"), 16).unwrap_or_default(), b)).collect();
        Self { blocks, ..Self::default() }
    }
}

impl Transport for &Recorded {
    async fn post(&self, _url: &str, body: String, _timeout_ms: u32) -> Result<HttpAnswer, String> {
        let requests: Vec<Value> = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        let answers: Vec<Value> = requests
            .iter()
            .map(|r| {
                let result = match r["method"].as_str() {
                    Some("eth_chainId") => json!("0x1"),
                    // A claim the node must not act on: far past anything signed.
                    Some("eth_blockNumber") => json!("0x2000000"),
                    Some("eth_getBlockByNumber") => {
                        let n = u64::from_str_radix(r["params"][0].as_str().unwrap_or("0x0").trim_start_matches("0x"), 16).unwrap_or_default();
                        self.blocks.get(&n).cloned().unwrap_or(Value::Null)
                    }
                    _ => Value::Null,
                };
                json!({"jsonrpc": "2.0", "id": r["id"], "result": result})
            })
            .collect();
        Ok(HttpAnswer { status: 200, body: Value::Array(answers).to_string(), retry_after_ms: None })
    }

    async fn get(&self, url: &str, _accept: &str, _timeout_ms: u32) -> Result<HttpBytes, String> {
        let path = url.split_once("/eth/").map_or(url, |(_, p)| p);
        self.asked.borrow_mut().push(path.to_owned());
        let not_found = HttpBytes { status: 404, ..HttpBytes::default() };
        let mut value = if let Some(root) = path.strip_prefix("v1/beacon/light_client/bootstrap/") {
            if root != ROOT.to_string() {
                return Ok(not_found);
            }
            read("bootstrap.json")
        } else if let Some(query) = path.strip_prefix("v1/beacon/light_client/updates?") {
            let param = |k: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}="))).and_then(|v| v.parse::<u64>().ok()).unwrap_or_default();
            let (start, count) = (param("start_period"), param("count"));
            let updates = read("updates.json").as_array().cloned().unwrap_or_default();
            let period = |u: &Value| u["data"]["attested_header"]["beacon"]["slot"].as_str().and_then(|s| s.parse::<u64>().ok()).unwrap_or_default() / 8192;
            Value::Array(updates.into_iter().filter(|u| (start..start + count).contains(&period(u))).collect())
        } else if path.ends_with("finality_update") {
            read("finality.json")
        } else if path.ends_with("optimistic_update") {
            read("optimistic.json")
        } else {
            return Ok(not_found);
        };
        if self.missing.iter().any(|m| path.ends_with(m)) {
            return Ok(not_found);
        }
        if let Some(lie) = self.lie {
            lie(path, &mut value);
        }
        Ok(HttpBytes { status: 200, body: value.to_string().into_bytes(), content_type: Some("application/json".into()), consensus_version: None })
    }

    async fn sleep(&self, _ms: u32) {}

    fn now_ms(&self) -> u64 {
        NOW * 1000
    }
}

fn config() -> BeaconConfig {
    BeaconConfig { api: vec!["http://beacon.test".into()], checkpoint: ROOT, network: None, allow_old_checkpoint: false, now: Some(NOW) }
}

fn create<'a>(recorded: &'a Recorded, beacon: &BeaconConfig) -> Result<LightNode<&'a Recorded, MemoryStore>, Error> {
    create_on(recorded, beacon, MemoryStore::default())
}

fn create_on<'a, S: metis_lightnode::store::Store>(recorded: &'a Recorded, beacon: &BeaconConfig, store: S) -> Result<LightNode<&'a Recorded, S>, Error> {
    let rpc = RpcClient::new(recorded, vec!["http://execution.test".into()], RetryPolicy { attempts: 1, ..RetryPolicy::default() })?;
    // Two headers of backward linking reach the signed head's parent: the rest is not recorded.
    let options = NodeOptions { max_sync: 2, ..NodeOptions::default() };
    futures::executor::block_on(LightNode::create_with_beacon(&ETHEREUM, rpc, MetisDb::new(store), beacon, options, &mut |_| true))
}

fn request(node: &LightNode<&Recorded, MemoryStore>, method: &str, params: Value) -> Result<Value, Error> {
    futures::executor::block_on(node.request(method, &params))
}

#[test]
fn the_recorded_execution_headers_hash_to_what_the_committee_signed() {
    for slot in [7_109_344, 7_109_430, 7_109_431] {
        let block = execution_block(slot);
        let h = metis_lightnode::verify::header_from_json("block", &block).expect("a header whose fields hash to its hash");
        assert_eq!(h.hash.to_string(), block["hash"].as_str().unwrap_or_default(), "slot {slot}");
    }
}

#[test]
fn latest_is_the_execution_block_the_sync_committee_signed_not_the_servers_claim() {
    let recorded = Recorded::new();
    let node = create(&recorded, &config()).expect("node");
    let signed = execution_block(7_109_431);
    assert_eq!(request(&node, "eth_blockNumber", json!([])).expect("answer"), signed["number"]);
    let resolve = |tag: Value| futures::executor::block_on(node.resolve(Some(&tag))).expect("resolves").hash;
    assert_eq!(json!(resolve(json!("latest"))), signed["hash"]);
    let parent = execution_block(7_109_430);
    assert_eq!(json!(resolve(parent["number"].clone())), parent["hash"]);
    let status = node.trust_status().expect("status");
    assert_eq!(status["trustModel"], "beacon");
    assert_eq!(status["beacon"]["period"], 867);
    assert_eq!(status["beacon"]["finalized"]["number"], 17_923_026);
    assert_eq!(status["beacon"]["optimisticSlot"], 7_109_431);
}

#[test]
fn a_self_consistent_forged_head_is_refused() {
    let mut recorded = Recorded::new();
    // The server's own block at the signed height, with a state root of its choosing and a hash that
    // matches its fields: it links, it hashes, and the committee never signed it.
    let number = u64::from_str_radix(execution_block(7_109_431)["number"].as_str().unwrap_or("0x0").trim_start_matches("0x"), 16).unwrap_or_default();
    let mut forged = recorded.blocks[&number].clone();
    forged["stateRoot"] = json!(B256::repeat_byte(0x66));
    forged["hash"] = json!(B256::ZERO);
    let Err(Error::HeaderHashMismatch { computed, .. }) = metis_lightnode::verify::header_from_json("forged", &forged) else { panic!("a zero hash mismatches") };
    forged["hash"] = json!(computed);
    recorded.blocks.insert(number, forged);
    let err = create(&recorded, &config()).expect_err("refused");
    assert_eq!(err.code(), "CLAIM_MISMATCH", "{err}");
}

#[test]
fn a_lying_beacon_server_is_refused_loudly() {
    let mut recorded = Recorded::new();
    recorded.lie = Some(|path, value| {
        if path.ends_with("optimistic_update") {
            value["data"]["attested_header"]["beacon"]["state_root"] = json!(B256::repeat_byte(1));
        }
    });
    let err = create(&recorded, &config()).expect_err("refused");
    assert_eq!(err.code(), "BEACON_SIGNATURE_INVALID", "{err}");
}

#[test]
fn servers_without_finality_endpoints_still_sync_from_updates() {
    let mut recorded = Recorded::new();
    recorded.missing = vec!["finality_update", "optimistic_update"];
    let transport = &recorded;
    let mut sync = futures::executor::block_on(BeaconSync::<Mainnet>::bootstrap(&transport, &config(), NOW)).expect("bootstrap");
    futures::executor::block_on(sync.advance(&transport)).expect("advance");
    assert_eq!(sync.client().period(), 867);
    assert!(sync.finalized().expect("finalized").slot >= 7_104_096 - 8192);
}

#[test]
fn a_checkpoint_past_the_weak_subjectivity_period_is_refused_unless_allowed() {
    let recorded = Recorded::new();
    let transport = &recorded;
    let later = NOW + 30 * 86_400;
    let old = BeaconConfig { now: Some(later), ..config() };
    let err = futures::executor::block_on(BeaconSync::<Mainnet>::bootstrap(&transport, &old, later)).expect_err("refused");
    assert!(matches!(err, BeaconError::CheckpointTooOld { .. }), "{err}");
    let allowed = BeaconConfig { allow_old_checkpoint: true, ..old };
    futures::executor::block_on(BeaconSync::<Mainnet>::bootstrap(&transport, &allowed, later)).expect("accepted when allowed");
}

#[test]
fn a_reload_replays_the_kept_proof_instead_of_fetching_old_periods() {
    let store = std::rc::Rc::new(MemoryStore::default());
    let first = Recorded::new();
    create_on(&first, &config(), store.clone()).expect("first node");
    assert!(first.asked.borrow().iter().any(|p| p.contains("bootstrap")));

    let second = Recorded::new();
    let node = create_on(&second, &config(), store.clone()).expect("node from the kept proof");
    let asked = second.asked.borrow().clone();
    assert!(!asked.iter().any(|p| p.contains("bootstrap") || p.contains("updates")), "asked again: {asked:?}");
    assert_eq!(node.trust_status().expect("status")["beacon"]["period"], 867);
}

#[test]
fn a_tampered_kept_proof_is_dropped_and_the_node_bootstraps_afresh() {
    let store = std::rc::Rc::new(MemoryStore::default());
    create_on(&Recorded::new(), &config(), store.clone()).expect("first node");
    let key = format!("beacon/mainnet/{ROOT}");
    let kept = futures::executor::block_on(MetisDb::new(store.clone()).consensus(&key)).expect("read").expect("kept");
    // One bit of the second update's aggregate signature flipped, in the kept SSZ.
    let proof = <Proof<Mainnet> as ssz::Decode>::from_ssz_bytes(&kept).expect("SSZ");
    let signature = ssz::Encode::as_ssz_bytes(&proof.updates[1].sync_aggregate.sync_committee_signature);
    let at = kept.windows(signature.len()).position(|w| w == signature.as_slice()).expect("the signature in the kept bytes");
    let mut tampered = kept.clone();
    tampered[at + 20] ^= 1;
    store.tamper(metis_lightnode::store::Table::Consensus, key.into_bytes(), tampered);

    let again = Recorded::new();
    let node = create_on(&again, &config(), store).expect("node after a fresh bootstrap");
    assert!(again.asked.borrow().iter().any(|p| p.contains("bootstrap")), "the tampered proof was not replaced");
    assert_eq!(node.trust_status().expect("status")["beacon"]["period"], 867);
}

#[test]
fn a_proof_kept_as_json_before_ssz_is_dropped_and_the_node_bootstraps_afresh() {
    let store = std::rc::Rc::new(MemoryStore::default());
    create_on(&Recorded::new(), &config(), store.clone()).expect("first node");
    let key = format!("beacon/mainnet/{ROOT}");
    let kept = futures::executor::block_on(MetisDb::new(store.clone()).consensus(&key)).expect("read").expect("kept");
    let proof = <Proof<Mainnet> as ssz::Decode>::from_ssz_bytes(&kept).expect("SSZ");
    let check = || futures::executor::block_on(MetisDb::new(store.clone()).check()).expect("check").corrupt;
    assert_eq!(check(), 0, "the kept SSZ proof passes the store check");
    store.tamper(metis_lightnode::store::Table::Consensus, key.clone().into_bytes(), serde_json::to_vec(&proof).expect("JSON"));
    assert_eq!(check(), 1, "a proof that is not SSZ is corrupt to the store check");

    let again = Recorded::new();
    let node = create_on(&again, &config(), store.clone()).expect("node after a fresh bootstrap");
    assert!(again.asked.borrow().iter().any(|p| p.contains("bootstrap")), "the JSON proof was not replaced");
    assert_eq!(node.trust_status().expect("status")["beacon"]["period"], 867);
    let rekept = futures::executor::block_on(MetisDb::new(store).consensus(&key)).expect("read").expect("kept");
    assert_eq!(<Proof<Mainnet> as ssz::Decode>::from_ssz_bytes(&rekept).expect("SSZ again"), proof);
}

#[test]
fn a_kept_proof_longer_than_any_kept_is_refused_before_its_signatures_are_checked() {
    let store = std::rc::Rc::new(MemoryStore::default());
    create_on(&Recorded::new(), &config(), store.clone()).expect("first node");
    let kept = futures::executor::block_on(MetisDb::new(store).consensus(&format!("beacon/mainnet/{ROOT}"))).expect("read").expect("kept");
    let mut proof = <Proof<Mainnet> as ssz::Decode>::from_ssz_bytes(&kept).expect("SSZ");
    let first = proof.updates[0].clone();
    proof.updates.resize(257, first);
    let err = BeaconSync::<Mainnet>::replay(&config(), proof, NOW).expect_err("refused");
    assert!(matches!(&err, BeaconError::Invalid(why) if why.contains("257 updates")), "{err}");
}
