//! Real Metis data: an Andromeda transaction with l2geth's sequencer signature and its receipt, and
//! the MetisSequencerSet deployments on Andromeda and Metis Sepolia that the presets rest on. Each
//! check is also made to fail on a changed input.

mod common;

use alloy_consensus::transaction::SignerRecoverable;
use alloy_consensus::TxEnvelope;
use alloy_eips::Decodable2718;
use alloy_primitives::{Address, B256, Bloom, Bytes, Log, U256, address, keccak256, logs_bloom};
use common::json;
use metis_lightnode::chain::{ChainSpec, TrustModel, presets};
use metis_lightnode::metis::sequencer;
use serde_json::{Value, json};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The sequencer that signed Andromeda block 18,827,392.
const SEQUENCER: Address = address!("0x36f10b20781bb1e78278e84f3e1e97acf92fa302");

fn tx() -> Value {
    json(fixture!("metis/andromeda-tx-18827392.json"))["result"].clone()
}

fn parse<T: std::str::FromStr>(v: &Value) -> T
where
    T::Err: std::fmt::Debug,
{
    v.as_str().expect("a string").parse().expect("parses")
}

/// The sequencer's signer of `tx` over `hash`.
fn sequencer_of(tx: &Value, hash: B256) -> Address {
    let signature = sequencer::signature("tx", tx).expect("well formed").expect("signed");
    sequencer::recover(18_827_392, hash, &signature).expect("recovers")
}

#[test]
fn a_real_andromeda_transaction_is_signed_by_its_sequencer() {
    let tx = tx();
    let raw: Bytes = parse(&tx["rawTransaction"]);
    let hash: B256 = parse(&tx["hash"]);
    assert_eq!(keccak256(&raw), hash, "the raw transaction hashes to its hash");
    let envelope = TxEnvelope::decode_2718(&mut raw.as_ref()).expect("an EIP-155 legacy transaction");
    assert_eq!(envelope.recover_signer().expect("recovers"), parse::<Address>(&tx["from"]));
    assert_eq!(sequencer_of(&tx, hash), SEQUENCER);
    // The signature covers the transaction hash only: another hash recovers to someone else.
    let mut other = hash;
    other.0[0] ^= 1;
    assert_ne!(sequencer_of(&tx, other), SEQUENCER);
    let mut bent = tx.clone();
    bent["seqS"] = json!(format!("{:#x}", parse::<U256>(&tx["seqS"]) ^ U256::from(1)));
    assert_ne!(sequencer_of(&bent, hash), SEQUENCER);
    // l2geth's metadata is covered by no hash: a recovery id of any size is an error, never a panic.
    bent = tx.clone();
    bent["seqV"] = json!(format!("{:#x}", U256::MAX));
    assert!(sequencer::signature("tx", &bent).is_err());
    // An L1-to-L2 transaction carries a zero signature: none, never a signer.
    bent["seqR"] = json!("0x0");
    bent["seqS"] = json!("0x0");
    bent["seqV"] = json!("0x0");
    assert!(sequencer::signature("tx", &bent).expect("well formed").is_none());
}

/// A receipt's logs as alloy logs.
fn logs(receipt: &Value) -> Vec<Log> {
    let logs = receipt["logs"].as_array().expect("logs");
    logs.iter()
        .map(|l| {
            let topics = l["topics"].as_array().expect("topics").iter().map(parse::<B256>).collect();
            Log::new(parse(&l["address"]), topics, parse(&l["data"])).expect("at most 4 topics")
        })
        .collect()
}

fn bloom_recomputes(receipt: &Value) -> bool {
    logs_bloom(logs(receipt).iter()) == parse::<Bloom>(&receipt["logsBloom"])
}

#[test]
fn the_transaction_receipt_bloom_recomputes_and_not_for_a_changed_log() {
    let mut receipt = json(fixture!("metis/andromeda-receipt-18827392.json"))["result"].clone();
    assert_eq!(parse::<B256>(&receipt["transactionHash"]), parse::<B256>(&tx()["hash"]));
    assert!(!logs(&receipt).is_empty());
    assert!(bloom_recomputes(&receipt));
    receipt["logs"][0]["address"] = json!("0x0000000000000000000000000000000000000001");
    assert!(!bloom_recomputes(&receipt));
}

/// The deployment receipts of `network`: the proxy admin, the implementation and the proxy.
fn deployment(network: &str) -> [Value; 3] {
    match network {
        "andromeda" => [
            json(fixture!("metis/sequencer-set-deployments/metis-andromeda/DefaultProxyAdmin.receipt.json")),
            json(fixture!("metis/sequencer-set-deployments/metis-andromeda/MetisSequencerSet_Implementation.receipt.json")),
            json(fixture!("metis/sequencer-set-deployments/metis-andromeda/MetisSequencerSet.receipt.json")),
        ],
        _ => [
            json(fixture!("metis/sequencer-set-deployments/metis-sepolia/DefaultProxyAdmin.receipt.json")),
            json(fixture!("metis/sequencer-set-deployments/metis-sepolia/MetisSequencerSet_Implementation.receipt.json")),
            json(fixture!("metis/sequencer-set-deployments/metis-sepolia/MetisSequencerSet.receipt.json")),
        ],
    }
}

/// `NewEpoch(uint256 indexed epochId, uint256 startBlock, uint256 endBlock, address signer)`.
fn new_epoch(log: &Log) -> Option<(U256, u64, u64, Address)> {
    let topic = keccak256("NewEpoch(uint256,uint256,uint256,address)");
    if log.topics().first() != Some(&topic) {
        return None;
    }
    let data = &log.data.data;
    let word = |i: usize| U256::from_be_slice(data.get(i * 32..(i + 1) * 32).unwrap_or_default());
    Some((U256::from_be_bytes(log.topics()[1].0), word(0).to(), word(1).to(), Address::from_word(B256::from(word(2)))))
}

#[test]
fn the_sequencer_set_deployments_name_the_preset_contracts_and_the_first_epoch() {
    // Epoch 0 of each: its blocks and signer.
    let cases: [(&ChainSpec, &str, (u64, u64, Address)); 2] = [
        (&presets::ANDROMEDA, "andromeda", (15_214_531, 15_215_530, address!("0xa233cc81fc6c12e3318ea71ec5d7bba78c706b04"))),
        (&presets::METIS_SEPOLIA, "sepolia", (1_000, 2_999, address!("0x3525fdb496c612e4cde817a2567081470b7a2ecb"))),
    ];
    for (spec, network, first_epoch) in cases {
        let TrustModel::Sequencer { from_block, sequencer_set } = spec.trust else { panic!("{} is a sequencer chain", spec.name) };
        let [admin, implementation, proxy] = deployment(network);
        for receipt in [&admin, &implementation, &proxy] {
            assert_eq!(receipt["receipt"]["status"], json!(1), "{network}");
            assert!(bloom_recomputes(&receipt["receipt"]), "{network}: the bloom recomputes");
        }
        assert_eq!(parse::<Address>(&proxy["address"]), sequencer_set, "{network}: the preset's MetisSequencerSet is the deployed proxy");
        let proxy_logs = logs(&proxy["receipt"]);
        // ERC-1967 `Upgraded(implementation)`: the proxy runs the deployed implementation.
        let upgraded = proxy_logs.iter().find(|l| l.topics().first() == Some(&keccak256("Upgraded(address)"))).expect("Upgraded");
        assert_eq!(Address::from_word(upgraded.topics()[1]), parse::<Address>(&implementation["address"]), "{network}");
        let (epoch, start, end, signer) = proxy_logs.iter().find_map(new_epoch).expect("the first epoch");
        assert_eq!((epoch, start, end, signer), (U256::ZERO, first_epoch.0, first_epoch.1, first_epoch.2), "{network}");
        // Andromeda checks signers from epoch 0's first block (l2geth's height); Metis Sepolia's
        // height is not public, and the preset does not guess it from the epoch.
        assert_eq!(from_block, (spec.chain_id == 1088).then_some(start), "{network}");
        // A changed log is not what the bloom says.
        let mut bent = proxy["receipt"].clone();
        bent["logs"][1]["topics"][1] = json!(format!("{:#x}", B256::with_last_byte(1)));
        assert!(!bloom_recomputes(&bent), "{network}");
    }
}
