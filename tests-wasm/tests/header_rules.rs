//! Header rules against the parent on the hive chain (every fork from Frontier to BPO2): the real
//! headers pass; each tampered field breaks the rule ethereum/tests names for it.

mod common;

use alloy_consensus::Header;
use alloy_primitives::{B256, Bytes, U256};
use common::split_rlp;
use metis_lightnode::Error;
use metis_lightnode::chain::presets::HIVE;
use metis_lightnode::verify;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn headers() -> Vec<Header> {
    split_rlp(fixture_bytes!("execution-apis/tests/chain.rlp"))
        .into_iter()
        .map(|bytes| verify::verify_block_rlp("block", bytes).expect("block verifies").1.header)
        .collect()
}

fn rule_broken(header: &Header, parent: &Header) -> Option<String> {
    match HIVE.check_header_rules(header, parent) {
        Ok(()) => None,
        Err(Error::InvalidBlock { rule, .. }) => Some(rule),
        Err(other) => panic!("not a rule error: {other}"),
    }
}

/// A named change to a header.
type Tamper = fn(&mut Header);

#[test]
fn every_hive_header_follows_the_rules_of_its_fork() {
    let headers = headers();
    for pair in headers.windows(2) {
        assert_eq!(rule_broken(&pair[1], &pair[0]), None, "block {}", pair[1].number);
    }
}

#[test]
fn each_tampered_field_breaks_its_rule() {
    let headers = headers();
    // The last block (BPO2): base fee, blob gas, Merge fields, requests all apply.
    let (parent, honest) = (&headers[headers.len() - 2], &headers[headers.len() - 1]);
    let cases: [(&str, Tamper); 12] = [
        ("BlockException.INVALID_BLOCK_NUMBER", |h| h.number += 1),
        ("BlockException.INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT", |h| h.timestamp -= 100),
        ("BlockException.EXTRA_DATA_TOO_BIG", |h| h.extra_data = Bytes::from(vec![0; 33])),
        ("BlockException.GASLIMIT_TOO_BIG", |h| h.gas_limit = u64::MAX),
        ("BlockException.GAS_USED_OVERFLOW", |h| h.gas_used = h.gas_limit + 1),
        ("BlockException.INVALID_GASLIMIT", |h| h.gas_limit += h.gas_limit / 512),
        ("BlockException.INVALID_BASEFEE_PER_GAS", |h| h.base_fee_per_gas = h.base_fee_per_gas.map(|f| f + 1)),
        ("BlockException.INCORRECT_EXCESS_BLOB_GAS", |h| h.excess_blob_gas = h.excess_blob_gas.map(|g| g + 131_072)),
        ("BlockException.INCORRECT_BLOB_GAS_USED", |h| h.blob_gas_used = Some(1)),
        ("BlockException.IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS", |h| h.difficulty = U256::from(1)),
        ("BlockException.IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS", |h| h.ommers_hash = B256::repeat_byte(7)),
        ("BlockException.INCORRECT_BLOCK_FORMAT", |h| h.requests_hash = None),
    ];
    assert_eq!(rule_broken(honest, parent), None);
    for (rule, tamper) in cases {
        let mut header = honest.clone();
        tamper(&mut header);
        assert_eq!(rule_broken(&header, parent).as_deref(), Some(rule));
    }
}

#[test]
fn the_london_block_doubles_the_gas_target_and_starts_the_base_fee() {
    let headers = headers();
    // Block 27 is the hive chain's first London block (index 26).
    let (parent, london) = (&headers[25], &headers[26]);
    assert_eq!(london.base_fee_per_gas, Some(1_000_000_000));
    assert_eq!(rule_broken(london, parent), None);
    let mut wrong = london.clone();
    wrong.base_fee_per_gas = Some(875_000_000);
    assert_eq!(rule_broken(&wrong, parent).as_deref(), Some("BlockException.INVALID_BASEFEE_PER_GAS"));
}

#[test]
fn the_devnet_rule_set_allows_repeated_timestamps_and_set_fees_but_nothing_else() {
    use metis_lightnode::chain::Fork;
    use metis_lightnode::verify::rules::{RuleSet, check_header};
    let headers = headers();
    let (parent, honest) = (&headers[headers.len() - 2], &headers[headers.len() - 1]);
    let devnet = RuleSet { same_second: true, fees: false };
    let mut header = honest.clone();
    header.timestamp = parent.timestamp;
    header.base_fee_per_gas = header.base_fee_per_gas.map(|f| f * 2);
    assert!(check_header(&header, parent, Fork::Bpo2, Fork::Bpo2, devnet).is_ok());
    assert!(check_header(&header, parent, Fork::Bpo2, Fork::Bpo2, RuleSet::ETHEREUM).is_err());
    header.timestamp = parent.timestamp - 1;
    assert!(check_header(&header, parent, Fork::Bpo2, Fork::Bpo2, devnet).is_err());
    let mut header = honest.clone();
    header.gas_used = header.gas_limit + 1;
    assert!(check_header(&header, parent, Fork::Bpo2, Fork::Bpo2, devnet).is_err());
}
