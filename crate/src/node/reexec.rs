//! `verifyBlockExecution`: re-executes a verified block on a witness proven against its parent's
//! state root, and proves the producer's state root, receipts and gas right or wrong.
//!
//! The witness comes from what any node serves: the prestate tracer (where served) names what the
//! block touches; everything is then proven with `eth_getProof` at the parent in one batch. A
//! discovery run of the block lists whatever is still missing (each miss answered as empty so the run
//! goes on), which the next batch proves; branch collapses that need an unrevealed sibling are
//! revealed by proving a key ground to fall under it.

use super::LightNode;
use super::execute::{MAX_HINT_ACCOUNTS, MAX_HINT_SLOTS};
use crate::error::{Error, Result};
use crate::exec::{self, Block, Fault, Missing, WitnessState};
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::ReceivedHeader;
use alloy_consensus::{Header, Transaction};
use alloy_eips::eip2935::HISTORY_STORAGE_ADDRESS;
use alloy_eips::eip4788::BEACON_ROOTS_ADDRESS;
use alloy_eips::eip7002::WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS;
use alloy_eips::eip7251::CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS;
use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_trie::Nibbles;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many proof batches per block: each one proves everything the last run found missing.
const MAX_ROUNDS: usize = 24;
/// Deepest sibling path revealed by grinding a key (16^n keccaks): state tries of this depth are far
/// larger than any local chain; mainnet witnesses need a server's `debug_executionWitness` instead.
const MAX_GRIND_NIBBLES: usize = 6;

/// What re-executing a block proved.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionReport {
    /// Block number.
    pub number: u64,
    /// Block hash.
    pub hash: B256,
    /// Transactions re-executed.
    pub transactions: usize,
    /// Gas used, as re-executed and as the header says.
    pub gas_used: u64,
    /// The post-state root re-execution gives (equal to the header's).
    pub state_root: B256,
    /// The receipts root re-execution gives (equal to the header's).
    pub receipts_root: B256,
    /// Accounts proven against the parent's state root for the witness.
    pub accounts_proven: usize,
    /// Storage slots proven for the witness.
    pub slots_proven: usize,
    /// Proof batches it took to complete the witness.
    pub witness_rounds: usize,
    /// Whether the server's prestate tracer seeded the witness.
    pub prestate_hint: bool,
}

/// Where a re-execution is: sent as each run starts (`done` 0) and after each of its transactions
/// (a run per proof batch).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionProgress {
    /// The run (witness round), from 1.
    pub round: usize,
    /// Transactions done in this run.
    pub done: usize,
    /// Transactions in the block.
    pub transactions: usize,
}

/// Accounts and slots to prove at the parent block.
type Wants = BTreeMap<Address, BTreeSet<B256>>;

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Re-executes block `number` on a proven witness and checks every result against its verified
    /// header (and the server's receipts, naming the first transaction that differs).
    pub async fn verify_block_execution(&self, number: u64) -> Result<ExecutionReport> {
        self.verify_block_execution_observed(number, &mut |_| true).await
    }

    /// As [`Self::verify_block_execution`], telling `progress` after each transaction; it returns
    /// `false` to cancel (the result is then [`Error::Cancelled`]).
    pub async fn verify_block_execution_observed(&self, number: u64, progress: &mut dyn FnMut(ExecutionProgress) -> bool) -> Result<ExecutionReport> {
        let parent_number = number.checked_sub(1).ok_or_else(|| Error::invalid("number", "the genesis block has no parent to execute on"))?;
        let header = self.header_at(number).await?;
        let parent = self.header_at(parent_number).await?;
        self.execute_on_parent(&header, &parent, &[], progress).await
    }

    /// Re-executes `header`'s block on a witness proven against `parent`'s state root (both linked
    /// by hash: on the verified chain, or being linked by a sync that binds each block this way, in
    /// which case `ancestors` holds the linked headers not on the chain yet, for BLOCKHASH).
    pub(super) async fn execute_on_parent(
        &self,
        header: &ReceivedHeader,
        parent: &ReceivedHeader,
        ancestors: &[ReceivedHeader],
        progress: &mut dyn FnMut(ExecutionProgress) -> bool,
    ) -> Result<ExecutionReport> {
        let number = header.header.number;
        let rules = self.spec.exec_rules(&header.header)?;
        let body = self.prove_body(header, true).await?;
        let ommers: Vec<Header> = body.uncles.iter().map(|u| u.header.clone()).collect();
        let withdrawals = body.withdrawals.clone().unwrap_or_default();
        let block = Block { header: &header.header, transactions: &body.txs, ommers: &ommers, withdrawals: &withdrawals };

        let mut witness = WitnessState::from_root(parent.header.state_root);
        let (mut wants, prestate_hint) = self.prestate_hint(header, &block).await;
        let (mut accounts, mut slots) = (BTreeSet::new(), 0usize);
        for round in 1..=MAX_ROUNDS {
            if !wants.is_empty() {
                slots += wants.values().map(BTreeSet::len).sum::<usize>();
                accounts.extend(wants.keys().copied());
                self.prove_into(parent, &std::mem::take(&mut wants), &mut witness).await?;
            }
            let transactions = block.transactions.len();
            if !progress(ExecutionProgress { round, done: 0, transactions }) {
                return Err(Error::Cancelled);
            }
            let probe = witness.clone().discovering();
            let mut observe = |i: usize| match progress(ExecutionProgress { round, done: i + 1, transactions }) {
                true => Ok(()),
                false => Err(Fault::Cancelled),
            };
            let result = exec::execute_observed(rules, block, &probe, &mut observe);
            let mut missing = probe.discovered();
            match result {
                Ok(executed) if missing.is_empty() => {
                    if let Some(receipts) = &body.receipts {
                        executed.check_receipts(number, receipts)?;
                    }
                    executed.check(&header.header)?;
                    return Ok(ExecutionReport {
                        number,
                        hash: header.hash,
                        transactions: body.txs.len(),
                        gas_used: executed.gas_used,
                        state_root: executed.state_root,
                        receipts_root: executed.receipts_root,
                        accounts_proven: accounts.len(),
                        slots_proven: slots,
                        witness_rounds: round,
                        prestate_hint,
                    });
                }
                Err(Fault::Invalid { rule, reason }) if missing.is_empty() => return Err(Error::InvalidBlock { number, rule: rule.into(), reason }),
                Err(Fault::Missing(m)) => missing.push(m),
                Err(Fault::Cancelled) => return Err(Error::Cancelled),
                _ => {}
            }
            for m in missing {
                self.want(&m, ancestors, &mut wants, &mut witness).await?;
            }
            if wants.is_empty() {
                return Err(Error::WitnessIncomplete { number, reason: "a run missed state no proof can add".into() });
            }
        }
        Err(Error::WitnessIncomplete { number, reason: format!("still missing state after {MAX_ROUNDS} proof batches") })
    }

    /// What the block surely touches (senders, recipients, beneficiary, withdrawals, system
    /// contracts), plus the server's prestate trace where it serves one. The trace is only a hint:
    /// everything in it is proven before use.
    async fn prestate_hint(&self, header: &ReceivedHeader, block: &Block<'_>) -> (Wants, bool) {
        let mut wants = Wants::new();
        wants.entry(header.header.beneficiary).or_default();
        for address in [BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS, WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS, CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS] {
            wants.entry(address).or_default();
        }
        for tx in block.transactions {
            if let Ok(sender) = alloy_consensus::transaction::SignerRecoverable::recover_signer_unchecked(tx) {
                wants.entry(sender).or_default();
            }
            if let Some(to) = tx.to() {
                wants.entry(to).or_default();
            }
        }
        for w in block.withdrawals {
            wants.entry(w.address).or_default();
        }
        let tag = json!(format!("{:#x}", header.header.number));
        let Ok(trace) = self.rpc.call("debug_traceBlockByNumber", json!([tag, {"tracer": "prestateTracer"}])).await else {
            return (wants, false);
        };
        // The server picks the trace's size: past the bound, the rest is proven as the run misses it.
        let (mut accounts, mut slots) = (0, 0);
        for item in trace.as_array().into_iter().flatten() {
            for (address, account) in item.get("result").and_then(Value::as_object).into_iter().flatten() {
                let Ok(address) = address.parse::<Address>() else { continue };
                if accounts >= MAX_HINT_ACCOUNTS {
                    break;
                }
                accounts += 1;
                let entry = wants.entry(address).or_default();
                let room = MAX_HINT_SLOTS.saturating_sub(slots);
                for slot in account.get("storage").and_then(Value::as_object).into_iter().flat_map(|s| s.keys()).take(room) {
                    if let Ok(slot) = slot.parse::<B256>() {
                        slots += 1;
                        entry.insert(slot);
                    }
                }
            }
        }
        (wants, true)
    }

    /// Proves `wants` at the parent (MetisDB first, the rest in one batch) and adds the proof nodes and
    /// code to the witness.
    async fn prove_into(&self, parent: &ReceivedHeader, wants: &Wants, witness: &mut WitnessState) -> Result<()> {
        let list: Vec<(Address, Vec<B256>)> = wants.iter().map(|(a, s)| (*a, s.iter().copied().collect())).collect();
        for proven in self.prove_accounts(parent, &list, true).await? {
            witness.add_nodes(proven.proof.account_proof.iter());
            for storage in &proven.proof.storage_proof {
                witness.add_nodes(storage.proof.iter());
            }
            if let Some(code) = proven.code {
                witness.add_code(code);
            }
        }
        Ok(())
    }

    /// Turns one miss into what to prove next (or, for block hashes, adds the verified hash).
    async fn want(&self, missing: &Missing, ancestors: &[ReceivedHeader], wants: &mut Wants, witness: &mut WitnessState) -> Result<()> {
        match missing {
            Missing::Account(address) | Missing::Code(address) => {
                wants.entry(*address).or_default();
            }
            Missing::Storage(address, slot) => {
                wants.entry(*address).or_default().insert(B256::from(*slot));
            }
            Missing::BlockHash(n) => {
                let hash = match ancestors.iter().find(|h| h.header.number == *n) {
                    Some(linked) => linked.hash,
                    None => self.header_at(*n).await?.hash,
                };
                witness.add_block_hash(*n, hash);
            }
            Missing::Sibling { owner: None, path } => {
                let address = grind(path, |i| Address::from_word(keccak256(i.to_be_bytes())), |a| keccak256(a))?;
                wants.entry(address).or_default();
            }
            Missing::Sibling { owner: Some(owner), path } => {
                let slot = grind(path, |i| B256::from(U256::from(i)), |s| keccak256(s))?;
                wants.entry(*owner).or_default().insert(slot);
            }
            Missing::Corrupt(hash) => {
                return Err(Error::invalid("witness", format!("node {hash} does not decode")));
            }
        }
        Ok(())
    }
}

/// A key whose trie path starts with `path`: proving it reveals the node at `path`. Tries candidates
/// `make(0), make(1), ...` hashed by `hash` (16^len(path) of them on average).
fn grind<K>(path: &Nibbles, make: impl Fn(u64) -> K, hash: impl Fn(&K) -> B256) -> Result<K> {
    if path.len() > MAX_GRIND_NIBBLES {
        return Err(Error::invalid("witness", format!("a trie node {} nibbles deep is needed; this server offers no witness for it", path.len())));
    }
    (0u64..)
        .map(make)
        .find(|key| Nibbles::unpack(hash(key)).starts_with(path))
        .ok_or_else(|| Error::invalid("witness", "no key found for a trie path"))
}
