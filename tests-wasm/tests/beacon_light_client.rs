//! The sync-committee light client on real data: the consensus-spec minimal-preset vectors (Deneb,
//! Electra), helios's mainnet Capella JSON, Colibri's mainnet SSZ across Deneb -> Electra, and the
//! BLS12-381 vectors; and every tamper refused with its typed error.

mod common;

use alloy_primitives::{B256, b256};
use common::json;
use metis_lightnode::beacon::types::{BlsPublicKey, BlsSignature, Update};
use metis_lightnode::beacon::wire::{self, Kind};
use metis_lightnode::beacon::{BeaconError, Fork, LightClient, Mainnet, Network, bls, spec_test};
use serde_json::Value;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!(concat!(env!("OUT_DIR"), "/light_client_spec_tests.rs"));
include!(concat!(env!("OUT_DIR"), "/bls_tests.rs"));

const HELIOS_ROOT: B256 = b256!("0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275");
/// The slot after the newest recorded signature: the clock the recorded data was made under.
const HELIOS_NOW: u64 = 7_109_432;

#[test]
fn consensus_spec_light_client_sync_vectors_pass() {
    assert_eq!(LIGHT_CLIENT_SPEC_TESTS.len(), 6);
    for (name, files) in LIGHT_CLIENT_SPEC_TESTS {
        let read = |file: &str| files.iter().find(|(n, _)| *n == file).map(|(_, bytes)| bytes.to_vec());
        let steps = spec_test::run(&read).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(steps > 0, "{name} ran no step");
    }
}

#[test]
fn a_spec_vector_with_a_flipped_update_byte_fails() {
    let (name, files) = LIGHT_CLIENT_SPEC_TESTS.iter().find(|(n, _)| n.ends_with("deneb/light_client_sync")).expect("deneb sync test");
    let first_update = files.iter().find(|(n, _)| n.starts_with("update_0xbcc")).map(|(n, _)| *n).expect("update file");
    let read = |file: &str| {
        let bytes = files.iter().find(|(n, _)| *n == file).map(|(_, b)| b.to_vec())?;
        if file != first_update {
            return Some(bytes);
        }
        let mut raw = snap::raw::Decoder::new().decompress_vec(&bytes).ok()?;
        let at = raw.len() - 100; // inside the sync aggregate's signature
        raw[at] ^= 1;
        snap::raw::Encoder::new().compress_vec(&raw).ok()
    };
    let err = spec_test::run(&read).expect_err(name);
    assert!(err.contains("step 0"), "{err}");
}

fn helios(file: &str) -> Value {
    json(match file {
        "bootstrap" => fixture!("beacon/helios-mainnet-capella/bootstrap.json"),
        "updates" => fixture!("beacon/helios-mainnet-capella/updates.json"),
        "finality" => fixture!("beacon/helios-mainnet-capella/finality.json"),
        _ => fixture!("beacon/helios-mainnet-capella/optimistic.json"),
    })
}

fn helios_client(network: Network) -> LightClient<Mainnet> {
    let bootstrap = wire::bootstrap_json::<Mainnet>(&helios("bootstrap")).expect("bootstrap decodes");
    LightClient::bootstrap(network, HELIOS_ROOT, bootstrap).expect("bootstrap verifies")
}

fn helios_updates() -> Vec<Value> {
    helios("updates").as_array().cloned().unwrap_or_default()
}

fn update(value: &Value) -> Update<Mainnet> {
    wire::update_json::<Mainnet>(Kind::Update, value).expect("update decodes")
}

/// The helios client after all six period updates.
fn helios_synced() -> LightClient<Mainnet> {
    let mut client = helios_client(Network::mainnet());
    for value in helios_updates() {
        client.process_update(&update(&value), HELIOS_NOW).expect("update verifies");
    }
    client
}

#[test]
fn helios_mainnet_capella_syncs_six_periods_to_execution_block_17923026() {
    let mut client = helios_synced();
    assert_eq!(client.period(), 867);
    let finality = wire::update_json::<Mainnet>(Kind::FinalityUpdate, &helios("finality")).expect("finality update decodes");
    client.process_update(&finality, HELIOS_NOW).expect("finality update verifies");
    let finalized = &client.store().finalized_header;
    assert_eq!(finalized.beacon.slot, 7_109_344);
    assert_eq!(finalized.execution.block_number, 17_923_026);
    assert!(format!("{}", finalized.execution.block_hash).starts_with("0xbc849953"));
    let optimistic = wire::update_json::<Mainnet>(Kind::OptimisticUpdate, &helios("optimistic")).expect("optimistic update decodes");
    client.process_update(&optimistic, HELIOS_NOW).expect("optimistic update verifies");
    assert_eq!(client.store().optimistic_header.beacon.slot, 7_109_431);
}

#[test]
fn batched_sync_committee_roots_equal_the_derived_hash_tree_root() {
    use tree_hash::TreeHash;
    let bootstrap = wire::bootstrap_json::<Mainnet>(&helios("bootstrap")).expect("bootstrap decodes");
    let mut committees = vec![bootstrap.current_sync_committee];
    committees.extend(helios_updates().iter().map(|u| update(u).next_sync_committee));
    for committee in &mut committees {
        assert_eq!(committee.root(), committee.tree_hash_root());
        // One key's last byte changed: both roots move, and still agree.
        let before = committee.root();
        committee.pubkeys[511].0[47] ^= 1;
        assert_ne!(committee.root(), before);
        assert_eq!(committee.root(), committee.tree_hash_root());
    }
}

/// Applies `tamper` to the first update's JSON and expects `refusal` from a fresh client.
fn refused(tamper: impl FnOnce(&mut Value), network: Network) -> BeaconError {
    let mut value = helios_updates().into_iter().next().expect("an update");
    tamper(&mut value["data"]);
    let decoded = wire::update_json::<Mainnet>(Kind::Update, &value);
    match decoded {
        Ok(u) => helios_client(network).process_update(&u, HELIOS_NOW).expect_err("a tampered update is refused"),
        Err(e) => e,
    }
}

fn flip_hex(value: &mut Value, at: usize) {
    let text = value.as_str().unwrap_or_default().to_owned();
    let mut bytes = alloy_primitives::hex::decode(&text).unwrap_or_default();
    bytes[at] ^= 1;
    *value = Value::String(alloy_primitives::hex::encode_prefixed(bytes));
}

#[test]
fn a_flipped_signature_bit_is_refused() {
    let err = refused(|d| flip_hex(&mut d["sync_aggregate"]["sync_committee_signature"], 50), Network::mainnet());
    assert!(matches!(err, BeaconError::Signature { .. }), "{err}");
}

#[test]
fn a_flipped_participation_bit_is_refused() {
    let err = refused(|d| flip_hex(&mut d["sync_aggregate"]["sync_committee_bits"], 3), Network::mainnet());
    assert!(matches!(err, BeaconError::Signature { .. }), "{err}");
}

#[test]
fn too_few_participants_are_refused() {
    let err = refused(|d| d["sync_aggregate"]["sync_committee_bits"] = Value::String(format!("0x{}", "00".repeat(64))), Network::mainnet());
    assert_eq!(err, BeaconError::Participation { got: 0, need: 1 });
}

#[test]
fn each_tampered_branch_is_refused() {
    for (path, what) in [("next_sync_committee_branch", "next_sync_committee"), ("finality_branch", "finality")] {
        for i in 0..2 {
            let err = refused(|d| flip_hex(&mut d[path][i], 7), Network::mainnet());
            assert!(matches!(err, BeaconError::Branch { what: w, .. } if w == what), "{path}[{i}]: {err}");
        }
    }
    let err = refused(|d| flip_hex(&mut d["attested_header"]["execution_branch"][2], 0), Network::mainnet());
    assert!(matches!(err, BeaconError::Branch { what: "execution payload", .. }), "{err}");
    let mut bootstrap = helios("bootstrap");
    flip_hex(&mut bootstrap["data"]["current_sync_committee_branch"][4], 31);
    let decoded = wire::bootstrap_json::<Mainnet>(&bootstrap).expect("decodes");
    let err = LightClient::bootstrap(Network::mainnet(), HELIOS_ROOT, decoded).expect_err("refused");
    assert!(matches!(err, BeaconError::Branch { what: "current_sync_committee", .. }), "{err}");
}

/// JSON is decoded in one shape for every fork, then held to the fork's: each part the fork has must
/// be there, each branch of the fork's depth.
#[test]
fn json_not_in_its_forks_shape_is_a_decode_error() {
    let tampers: [(&str, fn(&mut Value)); 6] = [
        ("a committee branch node short", |d| {
            d["next_sync_committee_branch"].as_array_mut().map(Vec::pop);
        }),
        ("no finality branch", |d| remove(d, "finality_branch")),
        ("no next committee", |d| remove(d, "next_sync_committee")),
        ("an execution branch node too many", |d| {
            let zero = d["attested_header"]["execution_branch"][0].clone();
            d["attested_header"]["execution_branch"].as_array_mut().map(|b| b.push(zero));
        }),
        ("no execution header", |d| remove(&mut d["finalized_header"], "execution")),
        ("no finalized header", |d| remove(d, "finalized_header")),
    ];
    for (what, tamper) in tampers {
        let err = refused(tamper, Network::mainnet());
        assert!(matches!(err, BeaconError::Decode(_)), "{what}: {err}");
    }
    // Capella's shape under Electra's name: Electra's branches are one level deeper.
    let mut electra = helios_updates()[0].clone();
    electra["version"] = Value::String("electra".into());
    let err = wire::update_json::<Mainnet>(Kind::Update, &electra).expect_err("refused");
    assert!(err.to_string().contains("next_sync_committee_branch"), "{err}");
    // A finality update must carry its finalized header; an optimistic one needs none.
    let mut finality = helios("finality");
    remove(&mut finality["data"], "finalized_header");
    assert!(matches!(wire::update_json::<Mainnet>(Kind::FinalityUpdate, &finality), Err(BeaconError::Decode(_))));
    remove(&mut finality["data"], "finality_branch");
    wire::update_json::<Mainnet>(Kind::OptimisticUpdate, &finality).expect("an optimistic update reads only its own fields");
}

fn remove(value: &mut Value, key: &str) {
    value.as_object_mut().map(|o| o.remove(key));
}

/// Fields a fork does not have are ignored as its own container ignored them: blob gas in a
/// Capella header reads as zero (Capella's root has no such field to bind it), so the update still
/// verifies; execution parts in an Altair-named update are dropped.
#[test]
fn json_fields_a_fork_lacks_are_ignored() {
    let mut value = helios_updates()[0].clone();
    value["data"]["attested_header"]["execution"]["blob_gas_used"] = Value::String("131072".into());
    let u = update(&value);
    assert_eq!(u.attested_header.execution.blob_gas_used, 0);
    helios_client(Network::mainnet()).process_update(&u, HELIOS_NOW).expect("verifies");
    value["version"] = Value::String("altair".into());
    let altair = update(&value);
    assert!(altair.attested_header.execution_branch.is_empty() && altair.finalized_header.execution == Default::default());
}

#[test]
fn a_forged_execution_payload_header_is_refused() {
    let err = refused(|d| d["finalized_header"]["execution"]["state_root"] = Value::String(format!("0x{}", "11".repeat(32))), Network::mainnet());
    assert!(matches!(err, BeaconError::Branch { what: "execution payload", .. }), "{err}");
    let err = refused(|d| d["attested_header"]["execution"]["block_number"] = Value::String("99999999".into()), Network::mainnet());
    assert!(matches!(err, BeaconError::Branch { what: "execution payload", .. }), "{err}");
}

#[test]
fn the_wrong_fork_version_or_genesis_root_is_refused() {
    let mut network = Network::mainnet();
    network.forks.iter_mut().filter(|(f, _, _)| *f == Fork::Capella).for_each(|(_, v, _)| v[3] = 1);
    let err = refused(|_| {}, network);
    assert!(matches!(err, BeaconError::Signature { .. }), "{err}");
    let mut network = Network::mainnet();
    network.genesis_validators_root = B256::repeat_byte(1);
    let err = refused(|_| {}, network);
    assert!(matches!(err, BeaconError::Signature { .. }), "{err}");
}

#[test]
fn a_finalized_header_that_is_not_the_attested_states_is_refused() {
    // Another real finalized header (the next period's) in place of this update's.
    let other = helios_updates()[1]["data"]["finalized_header"].clone();
    let err = refused(|d| d["finalized_header"] = other, Network::mainnet());
    assert!(matches!(err, BeaconError::Invalid(_) | BeaconError::Branch { what: "finality", .. }), "{err}");
    let earlier = helios_updates()[0]["data"]["finalized_header"].clone();
    let mut value = helios_updates()[1].clone();
    value["data"]["finalized_header"] = earlier;
    let mut client = helios_client(Network::mainnet());
    client.process_update(&update(&helios_updates()[0]), HELIOS_NOW).expect("first update");
    let err = client.process_update(&update(&value), HELIOS_NOW).expect_err("refused");
    assert!(matches!(err, BeaconError::Branch { what: "finality", .. }), "{err}");
}

#[test]
fn an_update_from_a_period_the_store_does_not_know_is_refused() {
    let mut client = helios_client(Network::mainnet());
    let err = client.process_update(&update(&helios_updates()[2]), HELIOS_NOW).expect_err("refused");
    assert!(matches!(err, BeaconError::UnknownPeriod { period: 864, store_period: 862, .. }), "{err}");
}

#[test]
fn an_update_signed_after_the_clock_is_refused() {
    let mut client = helios_client(Network::mainnet());
    let first = update(&helios_updates()[0]);
    let err = client.process_update(&first, first.signature_slot - 1).expect_err("refused");
    assert!(matches!(err, BeaconError::Invalid(_)), "{err}");
}

#[test]
fn a_bootstrap_for_another_root_is_refused() {
    let bootstrap = wire::bootstrap_json::<Mainnet>(&helios("bootstrap")).expect("decodes");
    let err = LightClient::bootstrap(Network::mainnet(), B256::repeat_byte(7), bootstrap).expect_err("refused");
    assert!(matches!(err, BeaconError::CheckpointMismatch { .. }), "{err}");
}

const COLIBRI_CALL_BOOTSTRAP: &[u8] = fixture_bytes!("beacon/colibri-mainnet/eth_call_electra/eth_v1_beacon_light_client_bootstrap_0xd9717ecc253684291f828688f311ba74d05af74c31654f6e14077669fca62.ssz");
const COLIBRI_UPDATE_1421: &[u8] = fixture_bytes!("beacon/colibri-mainnet/eth_call_electra/eth_v1_beacon_light_client_updates_start_period_1421_count_1.ssz");
const COLIBRI_UPDATE_1422: &[u8] = fixture_bytes!("beacon/colibri-mainnet/eth_blockNumber_electra/eth_v1_beacon_light_client_updates_start_period_1422_count_1.ssz");
const COLIBRI_UPDATE_1401: &[u8] = fixture_bytes!("beacon/colibri-mainnet/eth_call_electra/eth_v1_beacon_light_client_updates_start_period_1401_count_1.ssz");

fn colibri_client() -> LightClient<Mainnet> {
    let bootstrap = wire::bootstrap_ssz::<Mainnet>(Fork::Deneb, COLIBRI_CALL_BOOTSTRAP).expect("bootstrap decodes");
    let root = bootstrap.header.beacon.root();
    LightClient::bootstrap(Network::mainnet(), root, bootstrap).expect("bootstrap verifies")
}

#[test]
fn colibri_mainnet_ssz_crosses_deneb_to_electra() {
    let network = Network::mainnet();
    let mut client = colibri_client();
    assert_eq!(client.period(), 1421);
    let now = 1422 * 8192 + 8000;
    for bytes in [COLIBRI_UPDATE_1421, COLIBRI_UPDATE_1422] {
        let updates = wire::updates_ssz::<Mainnet>(&network, bytes, 1).expect("updates decode");
        for u in &updates {
            client.process_update(u, now).expect("update verifies");
        }
    }
    assert_eq!(network.fork_at_slot::<Mainnet>(client.store().optimistic_header.beacon.slot), Fork::Electra);
    assert!(client.store().optimistic_header.execution.block_number > 22_000_000);
    assert!(client.store().next_sync_committee.is_some());
}

#[test]
fn colibri_electra_update_with_a_tampered_branch_is_refused() {
    let network = Network::mainnet();
    let mut client = colibri_client();
    let now = 1422 * 8192 + 8000;
    for u in wire::updates_ssz::<Mainnet>(&network, COLIBRI_UPDATE_1421, 1).expect("decodes") {
        client.process_update(&u, now).expect("verifies");
    }
    let mut u = wire::updates_ssz::<Mainnet>(&network, COLIBRI_UPDATE_1422, 1).expect("decodes").remove(0);
    assert_eq!(u.finality_branch.len(), 7, "Electra's finality branch is one level deeper");
    u.finality_branch[6] = B256::repeat_byte(3);
    let err = client.process_update(&u, now).expect_err("refused");
    assert!(matches!(err, BeaconError::Branch { what: "finality", .. }), "{err}");
}

#[test]
fn an_old_periods_update_is_refused_as_unknown() {
    let network = Network::mainnet();
    let mut client = colibri_client();
    let u = wire::updates_ssz::<Mainnet>(&network, COLIBRI_UPDATE_1401, 1).expect("decodes").remove(0);
    let err = client.process_update(&u, 1422 * 8192).expect_err("refused");
    assert!(matches!(err, BeaconError::UnknownPeriod { period: 1401, .. }), "{err}");
}

#[test]
fn truncated_or_overlong_ssz_is_a_decode_error() {
    let network = Network::mainnet();
    for cut in [0, 7, 12, 100, COLIBRI_UPDATE_1421.len() - 1] {
        let result = wire::updates_ssz::<Mainnet>(&network, &COLIBRI_UPDATE_1421[..cut], 1);
        assert!(cut == 0 || matches!(result, Err(BeaconError::Decode(_))), "cut at {cut}");
    }
    let mut twice = COLIBRI_UPDATE_1421.to_vec();
    twice.extend_from_slice(COLIBRI_UPDATE_1421);
    assert!(matches!(wire::updates_ssz::<Mainnet>(&network, &twice, 1), Err(BeaconError::Decode(_))));
}

fn hex<const N: usize>(value: &Value) -> alloy_primitives::FixedBytes<N> {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or_default()
}

fn bytes(value: &Value) -> Vec<u8> {
    alloy_primitives::hex::decode(value.as_str().unwrap_or_default()).unwrap_or_default()
}

#[test]
fn bls12_381_vectors_pass() {
    let mut ran = 0;
    for (name, text) in BLS_TESTS {
        let case = json(text);
        let (input, output) = (&case["input"], &case["output"]);
        if name.starts_with("verify/") {
            let pk: BlsPublicKey = hex(&input["pubkey"]);
            let sig: BlsSignature = hex(&input["signature"]);
            assert_eq!(bls::verify(&pk, &bytes(&input["message"]), &sig), output.as_bool() == Some(true), "{name}");
        } else if name.starts_with("fast_aggregate_verify/") {
            let keys: Vec<BlsPublicKey> = input["pubkeys"].as_array().map(|a| a.iter().map(hex).collect()).unwrap_or_default();
            let sig: BlsSignature = hex(&input["signature"]);
            assert_eq!(bls::fast_aggregate_verify(&keys, &bytes(&input["message"]), &sig), output.as_bool() == Some(true), "{name}");
        } else if name.starts_with("aggregate/") {
            let sigs: Vec<BlsSignature> = input.as_array().map(|a| a.iter().map(hex).collect()).unwrap_or_default();
            let expected = output.as_str().map(|s| s.parse::<BlsSignature>().ok());
            assert_eq!(bls::aggregate(&sigs).map(Some), expected, "{name}");
        } else {
            continue;
        }
        ran += 1;
    }
    assert!(ran >= 30, "only {ran} BLS vectors ran");
}
