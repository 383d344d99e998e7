//! Re-execution of the hive test chain (execution-apis): from the genesis allocation, every block of
//! chain.rlp (Frontier to BPO2) must reach its header's state root, receipts root, bloom and gas.

mod common;

use alloy_consensus::{Block as AlloyBlock, Header, TxEnvelope};
use alloy_primitives::{B256, U256};
use common::split_rlp;
use metis_lightnode::Error;
use metis_lightnode::chain::presets::HIVE;
use metis_lightnode::exec::{self, Block, Executed, Fault, Rules, WitnessState};
use metis_lightnode::verify;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn genesis() -> alloy_genesis::Genesis {
    serde_json::from_str(fixture!("execution-apis/tests/genesis.json")).expect("genesis parses")
}

fn blocks() -> Vec<AlloyBlock<TxEnvelope>> {
    split_rlp(fixture_bytes!("execution-apis/tests/chain.rlp"))
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| verify::verify_block_rlp(&format!("block {}", i + 1), bytes).expect("block verifies").1)
        .collect()
}

fn rules(header: &Header) -> Rules {
    HIVE.exec_rules(header).expect("hive re-executes")
}

fn run(block: &AlloyBlock<TxEnvelope>, pre: &WitnessState) -> Result<Executed, Fault> {
    exec::execute(rules(&block.header), Block::of(block), pre)
}

/// The state before block `upto` (1-based), replayed from genesis.
fn state_before(upto: usize, blocks: &[AlloyBlock<TxEnvelope>]) -> WitnessState {
    let genesis = genesis();
    let mut state = exec::genesis_state(&genesis).expect("genesis state");
    state.add_block_hash(0, blocks[0].header.parent_hash);
    for block in &blocks[..upto - 1] {
        let executed = run(block, &state).expect("executes");
        state = executed.post;
        state.add_block_hash(block.header.number, block.header.hash_slow());
    }
    state
}

/// A named change to a header.
type Tamper = fn(&mut Header);

#[test]
fn the_genesis_allocation_gives_the_genesis_hash() {
    let genesis = genesis();
    let state = exec::genesis_state(&genesis).expect("genesis state");
    let header = exec::genesis_header(&genesis, state.root());
    assert_eq!(header.hash_slow(), blocks()[0].header.parent_hash);
}

#[test]
fn every_block_re_executes_to_its_header() {
    let blocks = blocks();
    let mut state = state_before(1, &blocks);
    let mut transactions = 0;
    for block in &blocks {
        let number = block.header.number;
        let executed = run(block, &state).unwrap_or_else(|e| panic!("block {number}: {e:?}"));
        executed.check(&block.header).unwrap_or_else(|e| panic!("block {number} ({:?}): {e}", rules(&block.header).fork));
        transactions += executed.receipts.len();
        state = executed.post;
        state.add_block_hash(number, block.header.hash_slow());
    }
    assert_eq!(blocks.len(), 54);
    assert!(transactions > 40, "{transactions} transactions re-executed");
}

/// The last block with transactions: tampering with its header or body must be caught.
fn busy_block(blocks: &[AlloyBlock<TxEnvelope>]) -> usize {
    blocks.iter().rposition(|b| b.body.transactions.len() > 1).expect("a block with transactions")
}

fn mismatch_field(result: Result<(), Error>) -> String {
    match result {
        Err(Error::ExecutionMismatch { field, .. }) => field,
        other => panic!("expected an execution mismatch, got {other:?}"),
    }
}

#[test]
fn a_header_claiming_another_result_is_refused() {
    let blocks = blocks();
    let i = busy_block(&blocks);
    let state = state_before(i + 1, &blocks);
    let executed = run(&blocks[i], &state).expect("executes");
    let honest = blocks[i].header.clone();
    executed.check(&honest).expect("honest header");

    let cases: [(&str, Tamper); 5] = [
        ("stateRoot", |h| h.state_root = B256::repeat_byte(1)),
        ("gasUsed", |h| h.gas_used += 1),
        ("receiptsRoot", |h| h.receipts_root = B256::repeat_byte(2)),
        ("logsBloom", |h| h.logs_bloom.0[0] ^= 1),
        ("requestsHash", |h| h.requests_hash = Some(B256::repeat_byte(3))),
    ];
    for (field, tamper) in cases {
        let mut header = honest.clone();
        tamper(&mut header);
        assert_eq!(mismatch_field(executed.check(&header)), field);
    }
}

#[test]
fn a_body_or_witness_that_differs_is_caught() {
    let blocks = blocks();
    let i = busy_block(&blocks);
    let state = state_before(i + 1, &blocks);

    // A transaction dropped from the body: the header's gas no longer adds up.
    let mut short = blocks[i].clone();
    short.body.transactions.pop();
    let executed = run(&short, &state).expect("executes");
    assert_eq!(mismatch_field(executed.check(&blocks[i].header)), "gasUsed");

    // A pre-state with one balance changed: the post-state root differs.
    let sender = {
        use alloy_consensus::transaction::SignerRecoverable;
        blocks[i].body.transactions[0].recover_signer().expect("sender")
    };
    let mut richer = state.clone();
    richer.set_balance(sender, U256::from(10).pow(U256::from(30))).expect("write");
    assert_ne!(richer.root(), state.root());
    let executed = run(&blocks[i], &richer).expect("executes");
    assert_eq!(mismatch_field(executed.check(&blocks[i].header)), "stateRoot");
}


