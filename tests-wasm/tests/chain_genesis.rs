//! Chains named by their first block, built from real genesis data: Andromeda and Metis Sepolia from
//! their published state dumps, LazAI testnet and mainnet from their genesis files. Each state root
//! and header hash is recomputed, and each is the one its preset carries.

mod common;

use alloy_genesis::Genesis;
use alloy_primitives::{B256, U256};
use common::json;
use metis_lightnode::chain::{ChainSpec, presets};
use metis_lightnode::exec::{genesis_header, genesis_state};
use metis_lightnode::verify;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A genesis file; l2geth's state dumps spell `extraData` as geth's case-blind JSON reader allows.
fn genesis(text: &str) -> Genesis {
    serde_json::from_str(&text.replacen("\"extradata\"", "\"extraData\"", 1)).expect("a genesis file")
}

/// The genesis state root and header hash of `g`.
fn build(g: &Genesis) -> (B256, B256) {
    let root = genesis_state(g).expect("every account revealed").root();
    (root, genesis_header(g, root).hash_slow())
}

#[test]
fn andromeda_genesis_is_built_from_its_state_dump_to_the_hash_its_nodes_serve() {
    let dump = genesis(fixture!("metis/andromeda-state-dump.json"));
    let (root, hash) = build(&dump);
    // The genesis block as Andromeda's nodes serve it: the same root, and a 15-field l2geth header.
    let served = verify::header_from_json("block 0", &json(fixture!("metis/andromeda-block0-rpc.json"))["result"]).expect("block 0 hashes to its hash");
    assert_eq!(root, served.header.state_root);
    assert_eq!(hash, served.hash);
    assert_eq!(verify::header::field_count(&served.header), 15);
    assert_eq!(presets::ANDROMEDA.genesis_hash, Some(hash));
}

#[test]
fn every_preset_genesis_is_rebuilt_from_its_file() {
    let cases: [(&ChainSpec, &str); 3] = [
        (&presets::METIS_SEPOLIA, fixture!("metis/sepolia-state-dump.json")),
        (&presets::LAZAI, fixture!("lazai/lazai-testnet-genesis.json")),
        (&presets::LAZAI_MAINNET, fixture!("lazai/lazai-mainnet-genesis.json")),
    ];
    for (spec, text) in cases {
        let g = genesis(text);
        assert_eq!(g.config.chain_id, spec.chain_id, "{}", spec.name);
        let (root, hash) = build(&g);
        println!("{} root {root} hash {hash}", spec.name);
        assert_eq!(spec.genesis_hash, Some(hash), "{}", spec.name);
    }
}

#[test]
fn a_changed_allocation_or_header_field_is_another_chain() {
    let g = genesis(fixture!("lazai/lazai-testnet-genesis.json"));
    let (root, hash) = build(&g);
    let mut richer = g.clone();
    let account = richer.alloc.values_mut().next().expect("an allocated account");
    account.balance += U256::from(1);
    assert_ne!(build(&richer).0, root, "one wei more is another state");
    let mut later = g.clone();
    later.timestamp += 1;
    assert_ne!(build(&later).1, hash, "another timestamp is another block");
    // Forks active at genesis add their fields: without Cancun there is no beacon root, no blob gas.
    let mut older = g;
    older.config.cancun_time = None;
    let header = genesis_header(&older, root);
    assert_eq!((header.parent_beacon_block_root, header.blob_gas_used), (None, None));
    assert_ne!(header.hash_slow(), hash);
}
