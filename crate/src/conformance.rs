//! ethereum/tests BlockchainTests: a chain is imported block by block from its genesis and `pre`
//! state through the same checks the node applies (header rules against the parent, body roots,
//! re-execution). Valid blocks must reach `lastblockhash` and `postState`; every block marked with
//! `expectException` must be refused for a reason of the same kind, leaving the head where it was.

use crate::chain::Fork;
use crate::error::{Error, Result, RootKind};
use crate::exec::{self, Block, Rules, WitnessState};
use crate::json;
use crate::verify;
use alloy_consensus::Header;
use alloy_genesis::GenesisAccount;
use alloy_primitives::{Address, B256, U256};
use alloy_rlp::Decodable;
use revm::DatabaseRef;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The chain id every BlockchainTest runs under.
const TEST_CHAIN_ID: u64 = 1;
/// How many ancestors BLOCKHASH reaches.
const BLOCKHASH_WINDOW: usize = 256;

/// One test's verdict.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The test's name.
    pub name: String,
    /// `None`: passed; otherwise why not.
    pub failure: Option<String>,
    /// Invalid blocks refused, and how many of them with exactly the expected exception name (the
    /// rest with one of the same class).
    pub refused: (usize, usize),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    network: String,
    #[serde(rename = "genesisRLP")]
    genesis_rlp: String,
    pre: BTreeMap<Address, GenesisAccount>,
    blocks: Vec<TestBlock>,
    lastblockhash: B256,
    post_state: Option<BTreeMap<Address, GenesisAccount>>,
    post_state_hash: Option<B256>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestBlock {
    rlp: String,
    expect_exception: Option<String>,
}

/// Runs every test of one BlockchainTests file.
pub fn run_file(text: &str) -> Result<Vec<Outcome>> {
    let tests: BTreeMap<String, serde_json::Value> = serde_json::from_str(text).map_err(|e| Error::invalid("test file", e))?;
    Ok(tests
        .into_iter()
        .map(|(name, value)| {
            let mut refused = (0, 0);
            let failure = json::parse::<Test>(&name, &value).and_then(|test| run(&test, &mut refused)).err().map(|e| e.to_string());
            Outcome { name, failure, refused }
        })
        .collect())
}

/// The fork of an ethereum/tests network name (single-fork networks only).
fn fork_of(network: &str) -> Option<Fork> {
    Some(match network {
        "Frontier" => Fork::Frontier,
        "Homestead" => Fork::Homestead,
        "EIP150" => Fork::TangerineWhistle,
        "EIP158" => Fork::SpuriousDragon,
        "Byzantium" => Fork::Byzantium,
        "Constantinople" => Fork::Constantinople,
        "ConstantinopleFix" | "Petersburg" => Fork::Petersburg,
        "Istanbul" => Fork::Istanbul,
        "Berlin" => Fork::Berlin,
        "London" => Fork::London,
        "Merge" | "Paris" => Fork::Paris,
        "Shanghai" => Fork::Shanghai,
        "Cancun" => Fork::Cancun,
        "Prague" => Fork::Prague,
        "Osaka" => Fork::Osaka,
        _ => return None,
    })
}

/// A block the test chain holds: its header and the state after it.
struct Imported {
    header: Header,
    state: WitnessState,
}

fn fail(reason: impl Into<String>) -> Error {
    Error::invalid("test", reason.into())
}

fn run(test: &Test, refused: &mut (usize, usize)) -> Result<()> {
    let fork = fork_of(&test.network).ok_or_else(|| fail(format!("network {} is not supported", test.network)))?;
    let genesis_bytes = json::parse_hex("genesisRLP", &test.genesis_rlp)?;
    let genesis = alloy_consensus::Block::<alloy_consensus::TxEnvelope>::decode(&mut genesis_bytes.as_ref()).map_err(|e| Error::invalid("genesisRLP", e))?.header;
    let state = WitnessState::from_alloc(&test.pre).map_err(|e| fail(format!("pre: {e}")))?;
    if state.root() != genesis.state_root {
        return Err(fail(format!("pre-state root {} is not the genesis stateRoot {}", state.root(), genesis.state_root)));
    }
    let genesis_hash = genesis.hash_slow();
    let mut chain: HashMap<B256, Imported> = HashMap::new();
    chain.insert(genesis_hash, Imported { header: genesis, state });
    let mut head = genesis_hash;

    for (i, block) in test.blocks.iter().enumerate() {
        match (import(&chain, fork, block), &block.expect_exception) {
            (Ok((hash, imported)), None) => {
                chain.insert(hash, imported);
                head = hash;
            }
            (Ok(_), Some(expected)) => return Err(fail(format!("blocks[{i}] was accepted but must fail with {expected}"))),
            (Err(e), None) => return Err(fail(format!("blocks[{i}] was refused: {e}"))),
            (Err(e), Some(expected)) => {
                let got = exception_of(&e);
                if !expected.split('|').any(|want| same_kind(want, &got)) {
                    return Err(fail(format!("blocks[{i}] was refused with {got} ({e}), expected {expected}")));
                }
                refused.0 += 1;
                refused.1 += usize::from(expected.split('|').any(|want| want == got));
            }
        }
    }
    if head != test.lastblockhash {
        return Err(fail(format!("head {head}, expected lastblockhash {}", test.lastblockhash)));
    }
    let state = &chain.get(&head).ok_or_else(|| fail("head lost"))?.state;
    if let Some(root) = test.post_state_hash.filter(|root| *root != state.root()) {
        return Err(fail(format!("post-state root {}, expected {root}", state.root())));
    }
    for (address, expected) in test.post_state.iter().flatten() {
        check_account(state, *address, expected)?;
    }
    Ok(())
}

/// Decodes, checks and re-executes one block on its parent's state.
fn import(chain: &HashMap<B256, Imported>, fork: Fork, block: &TestBlock) -> Result<(B256, Imported)> {
    let bytes = json::parse_hex("rlp", &block.rlp)?;
    match verify::verify_block_rlp("block", &bytes) {
        Ok((received, decoded, _)) => execute(chain, fork, &decoded).map(|imported| (received.hash, imported)),
        // A block carrying a transaction its header left out: what is wrong with that transaction
        // is the more telling reason (ethereum/tests expects it), the root mismatch otherwise.
        Err(root @ Error::RootMismatch { kind: RootKind::Transactions, .. }) => {
            let decoded = alloy_consensus::Block::<alloy_consensus::TxEnvelope>::decode(&mut bytes.as_ref()).map_err(|e| Error::invalid("rlp", e))?;
            match execute(chain, fork, &decoded) {
                Err(tx @ Error::InvalidBlock { .. }) if tx.to_string().contains("TransactionException") => Err(tx),
                _ => Err(root),
            }
        }
        Err(e) => Err(e),
    }
}

/// Checks a decoded block's header against its parent and re-executes it on the parent's state.
fn execute(chain: &HashMap<B256, Imported>, fork: Fork, decoded: &alloy_consensus::Block<alloy_consensus::TxEnvelope>) -> Result<Imported> {
    let header = &decoded.header;
    let parent = chain.get(&header.parent_hash).ok_or_else(|| Error::InvalidBlock {
        number: header.number,
        rule: "BlockException.UNKNOWN_PARENT".into(),
        reason: format!("parent {} is not in the chain", header.parent_hash),
    })?;
    verify::rules::check_header(header, &parent.header, fork, fork, verify::rules::RuleSet::ETHEREUM)?;
    let mut pre = parent.state.clone();
    let mut ancestor = Some(&parent.header);
    for _ in 0..BLOCKHASH_WINDOW {
        let Some(h) = ancestor else { break };
        let hash = h.hash_slow();
        pre.add_block_hash(h.number, hash);
        ancestor = chain.get(&h.parent_hash).map(|a| &a.header);
    }
    let rules = Rules { fork, chain_id: TEST_CHAIN_ID, deposit_contract: None, block_reward: true };
    let executed = exec::validate(rules, Block::of(decoded), &pre)?;
    Ok(Imported { header: header.clone(), state: executed.post })
}

/// The ethereum/tests exception an error stands for.
fn exception_of(error: &Error) -> String {
    match error {
        Error::InvalidBlock { rule, .. } => rule.clone(),
        Error::ExecutionMismatch { field, .. } => match field.as_str() {
            "gasUsed" => "BlockException.INVALID_GAS_USED",
            "blobGasUsed" => "BlockException.INCORRECT_BLOB_GAS_USED",
            "receiptsRoot" => "BlockException.INVALID_RECEIPTS_ROOT",
            "logsBloom" => "BlockException.INVALID_LOG_BLOOM",
            "requestsHash" => "BlockException.INVALID_REQUESTS",
            _ => "BlockException.INVALID_STATE_ROOT",
        }
        .into(),
        Error::RootMismatch { kind, .. } => match kind {
            RootKind::Transactions => "BlockException.INVALID_TRANSACTIONS_ROOT",
            RootKind::Withdrawals => "BlockException.INVALID_WITHDRAWALS_ROOT",
            RootKind::Ommers => "BlockException.INVALID_UNCLES_HASH",
            RootKind::Receipts => "BlockException.INVALID_RECEIPTS_ROOT",
            RootKind::State => "BlockException.INVALID_STATE_ROOT",
        }
        .into(),
        Error::HeaderShape { .. } => "BlockException.INCORRECT_BLOCK_FORMAT".into(),
        _ => "BlockException.RLP_STRUCTURES_ENCODING".into(),
    }
}

/// Whether two exception names are of one kind: the same class (`BlockException`,
/// `TransactionException`), or an exact match.
fn same_kind(expected: &str, got: &str) -> bool {
    expected == got || expected.split('.').next() == got.split('.').next()
}

fn check_account(state: &WitnessState, address: Address, expected: &GenesisAccount) -> Result<()> {
    let info = state.basic_ref(address).map_err(|e| fail(format!("{address}: {e}")))?.unwrap_or_default();
    let code_hash = expected.code.as_ref().filter(|c| !c.is_empty()).map_or(revm::primitives::KECCAK_EMPTY, alloy_primitives::keccak256);
    let got = (info.balance, info.nonce, info.code_hash);
    let want = (expected.balance, expected.nonce.unwrap_or_default(), code_hash);
    if got != want {
        return Err(fail(format!("{address}: (balance, nonce, codeHash) {got:?}, expected {want:?}")));
    }
    for (slot, value) in expected.storage.iter().flatten() {
        let slot = U256::from_be_bytes(slot.0);
        let got = state.storage_ref(address, slot).map_err(|e| fail(format!("{address}: {e}")))?;
        if got != U256::from_be_bytes(value.0) {
            return Err(fail(format!("{address} slot {slot}: {got}, expected {}", U256::from_be_bytes(value.0))));
        }
    }
    Ok(())
}
