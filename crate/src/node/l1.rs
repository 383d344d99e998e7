//! `verifyL1Commitment`: an L2 block's state root proven committed on L1. A second `LightNode`
//! follows L1 from its own checkpoint; against its verified state root the container's storage gives
//! the batch count and the stored batch header hash; the batch header (untrusted input) must hash to
//! it, and the block's verified state root must sit in the batch's `Lib_MerkleTree` root (siblings
//! given, or rebuilt from the batch's verified L2 headers). Past the fraud-proof window (read by
//! running the SCC's own `FRAUD_PROOF_WINDOW()` in MetisVM on proven L1 state) the block is final.
//! The SCC and container default to the preset's, and the SCC's own `batches()` must name the
//! container, so a container that is not the SCC's cannot stand in for it.

use super::LightNode;
use crate::error::{Error, Result};
use crate::metis::{merkle, scc};
use crate::rpc::Transport;
use crate::store::{AnyStore, Store};
use crate::verify::ReceivedHeader;
use alloy_primitives::{Address, B256, U256, keccak256};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What to prove.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentRequest {
    /// The L2 block whose state root is claimed committed.
    pub block: u64,
    /// The StateCommitmentChain on L1 (asked for its fraud-proof window); default: the preset's.
    #[serde(default)]
    pub scc: Option<Address>,
    /// Its batches' ChainStorageContainer on L1, which the SCC's `batches()` must name; default:
    /// the preset's.
    #[serde(default)]
    pub container: Option<Address>,
    /// The batch header, as the `StateBatchAppended` event gives it (checked against L1 storage);
    /// when absent, the L1 server's `StateBatchAppended` logs are searched for it.
    #[serde(default)]
    pub batch: Option<scc::BatchHeader>,
    /// The block's Merkle siblings in the batch, bottom-up; rebuilt from L2 headers when absent.
    pub siblings: Option<Vec<B256>>,
    /// Where the search for the batch's `StateBatchAppended` log starts on L1; default: 16 windows
    /// of `maxLogRange` blocks back from the L1 head.
    #[serde(default)]
    pub l1_from_block: Option<u64>,
}

/// Windows of the L1 node's `max_log_range` searched back from its head for a batch log.
const SEARCH_WINDOWS: u64 = 16;
/// The most L2 headers fetched to rebuild a batch's Merkle siblings; a larger batch needs them given.
pub const MAX_REBUILT_BATCH: u64 = 4_096;

/// What was proven.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentReport {
    /// The L2 block.
    pub block: u64,
    /// Its hash, linked to the L2 checkpoint.
    pub hash: B256,
    /// Its state root.
    pub state_root: B256,
    /// The L1 block the commitment was proven at.
    pub l1_block: u64,
    /// That block's hash, linked to the L1 checkpoint.
    pub l1_hash: B256,
    /// The proven commitment (batch, element, time, fraud window).
    #[serde(flatten)]
    pub commitment: scc::Commitment,
    /// The SCC's fraud-proof window, in seconds.
    pub fraud_proof_window: u64,
    /// Whether the node now treats the block as finalized.
    pub finalized: bool,
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Proves block `request.block`'s state root committed on L1, as `l1` (a node following the L1
    /// chain) has verified it; a block past the fraud-proof window becomes this node's `finalized`.
    pub async fn verify_l1_commitment<T1: Transport, S1: Store>(&self, l1: &LightNode<T1, S1>, request: &CommitmentRequest) -> Result<CommitmentReport> {
        let refuse = |reason: String| Err(Error::L1Commitment { reason });
        let (scc, container) = (self.l1_contract(request.scc, "StateCommitmentChain")?, self.l1_contract(request.container, "ChainStorageContainer-SCC-batches")?);
        let l2 = self.header_at(request.block).await?;
        // OVM numbering: element i of the commitment chain is the state root of L2 block i + 1.
        let element = request.block.checked_sub(1).ok_or_else(|| Error::invalid("block", "the genesis block is not committed"))?;
        let l1_head = l1.resolve(None).await?;
        let (batch, context, stored) = self.committed_batch(l1, (scc, container), element, request.batch.clone(), request.l1_from_block, &l1_head).await?;
        let batch = &batch;
        let Some(index_in_batch) = element.checked_sub(batch.prev_total_elements).filter(|i| *i < batch.batch_size) else {
            return refuse(format!("block {} is not in batch {} (elements {}..{})", request.block, batch.batch_index, batch.prev_total_elements, batch.prev_total_elements.saturating_add(batch.batch_size)));
        };
        let siblings = match &request.siblings {
            Some(siblings) => siblings.clone(),
            None if batch.batch_size > MAX_REBUILT_BATCH => {
                return refuse(format!("batch {} holds {} roots; more than {MAX_REBUILT_BATCH} are not fetched to rebuild the proof: give the siblings", batch.batch_index, batch.batch_size));
            }
            None => {
                let mut roots = Vec::new();
                for number in batch.prev_total_elements + 1..=batch.prev_total_elements.saturating_add(batch.batch_size) {
                    roots.push(self.header_at(number).await?.header.state_root);
                }
                let index = usize::try_from(index_in_batch).map_err(|_| Error::invalid("batch", "too large"))?;
                merkle::siblings(&roots, index)
            }
        };

        let (window, l1_time) = self.fraud_proof_clock(l1, scc, &l1_head).await?;
        let proof = scc::CommitmentProof { context, stored_hash: stored, header: batch, state_root: l2.header.state_root, index_in_batch, siblings: &siblings };
        let commitment = scc::verify_commitment(&proof, window, l1_time)?;
        let finalized = commitment.past_fraud_window;
        if finalized {
            self.l1_finalized.set(self.l1_finalized.get().max(Some(request.block)));
        }
        Ok(CommitmentReport {
            block: request.block,
            hash: l2.hash,
            state_root: l2.header.state_root,
            l1_block: l1_head.header.number,
            l1_hash: l1_head.hash,
            commitment,
            fraud_proof_window: window,
            finalized,
        })
    }

    /// The batch holding commitment element `element` as `l1` proves it at `l1_head`: given, or found
    /// in the L1 server's logs; the SCC's own `batches()` must name the container, and the batch
    /// header must be the one the container stores. Returns it with the container's context word
    /// and the stored header hash.
    async fn committed_batch<T1: Transport, S1: Store>(
        &self,
        l1: &LightNode<T1, S1>,
        (scc, container): (Address, Address),
        element: u64,
        given: Option<scc::BatchHeader>,
        from: Option<u64>,
        l1_head: &ReceivedHeader,
    ) -> Result<(scc::BatchHeader, U256, B256)> {
        let batch = match given {
            Some(batch) => batch,
            None => self.find_batch(l1, scc, element, from, l1_head.header.number).await?,
        };
        let chain_id = self.spec.chain_id;
        let slots = [scc::context_slot(chain_id), scc::batch_slot(chain_id, batch.batch_index)];
        let named = Address::from_word(B256::from(call_word(l1, scc, "batches()", l1_head.header.number).await?));
        if named != container {
            return Err(Error::L1Commitment { reason: format!("the StateCommitmentChain {scc} keeps its batches in {named}, not in the container {container}") });
        }
        let proven = l1.prove_account(l1_head, container, &slots, false).await?;
        let value = |i: usize| proven.account.storage.get(i).map_or(U256::ZERO, |s| s.value);
        let (context, stored) = (value(0), B256::from(value(1)));
        // Checked here, before the batch's size decides how many L2 headers are fetched.
        scc::check_held(context, stored, &batch)?;
        Ok((batch, context, stored))
    }

    /// Binds `header`'s state root by its commitment on `l1`: the root at its element of a
    /// StateCommitmentChain batch proven there (the L2 headers the servers give for the batch's
    /// blocks must make the committed batch root). A block not committed yet is unbound; a root that
    /// differs from the committed one is refused. What binds is the proposer's commitment, final
    /// only past the fraud-proof window: a block whose batch is past it becomes `finalized`.
    pub(super) async fn bind_by_l1(&self, l1: &LightNode<T, AnyStore>, header: &ReceivedHeader) -> Result<()> {
        let number = header.header.number;
        let element = number.checked_sub(1).ok_or_else(|| Error::invalid("block", "the genesis block is not committed"))?;
        let cached = self.l1_batch.borrow().as_ref().and_then(|(first, roots, past)| Some((*roots.get(usize::try_from(element.checked_sub(*first)?).ok()?)?, *past)));
        let (committed, past_fraud_window) = match cached {
            Some(cached) => cached,
            None => {
                let contracts = (self.l1_contract(None, "StateCommitmentChain")?, self.l1_contract(None, "ChainStorageContainer-SCC-batches")?);
                // The L1's newest head: a batch appended a moment ago must count.
                let synced = l1.sync().await;
                l1.served(synced)?;
                let l1_head = l1.head()?;
                let batch = match self.find_batch(l1, contracts.0, element, None, l1_head.header.number).await {
                    Ok(batch) => batch,
                    Err(Error::L1Commitment { reason }) => return Err(Error::Unbound { number, reason }),
                    Err(e) => return Err(e),
                };
                let (batch, _, _) = self.committed_batch(l1, contracts, element, Some(batch), None, &l1_head).await?;
                if batch.batch_size > MAX_REBUILT_BATCH {
                    return Err(Error::Unbound { number, reason: format!("its batch {} holds {} roots; more than {MAX_REBUILT_BATCH} are not fetched", batch.batch_index, batch.batch_size) });
                }
                let (first, last) = (batch.prev_total_elements + 1, batch.prev_total_elements.saturating_add(batch.batch_size));
                let chunk = self.options.sync_batch.max(1);
                let mut roots = Vec::new();
                for start in (first..=last).step_by(usize::try_from(chunk).unwrap_or(1)) {
                    let headers = super::fetch_headers(&self.rpc, start..=start.saturating_add(chunk - 1).min(last)).await?;
                    roots.extend(headers.iter().map(|h| h.header.state_root));
                }
                if merkle::root(&roots) != Some(batch.batch_root) {
                    return Err(Error::L1Commitment { reason: format!("the servers' state roots of blocks {first}..={last} do not make batch {}'s root committed on L1", batch.batch_index) });
                }
                let (window, l1_time) = self.fraud_proof_clock(l1, contracts.0, &l1_head).await?;
                let past = batch.timestamp().is_some_and(|appended| scc::past_fraud_window(appended, window, l1_time));
                let root = roots.get(usize::try_from(element - batch.prev_total_elements).unwrap_or(usize::MAX)).copied();
                *self.l1_batch.borrow_mut() = Some((batch.prev_total_elements, roots, past));
                (root.ok_or_else(|| Error::Unbound { number, reason: "not in the batch found for it".into() })?, past)
            }
        };
        if committed != header.header.state_root {
            return Err(Error::L1Commitment { reason: format!("block {number}'s state root {} is not the one committed on L1, {committed}", header.header.state_root) });
        }
        self.l1_bound_only.borrow_mut().insert(header.hash);
        // Past the window the commitment can no longer be challenged: the block is final.
        if past_fraud_window {
            self.l1_finalized.set(self.l1_finalized.get().max(Some(number)));
        }
        Ok(())
    }

    /// The SCC's fraud-proof window and the time it is judged at: the L1 head's, but never past the
    /// clock, since a far-future L1 header (timestamps have no upper bound in a header chain) must
    /// not make a block final.
    async fn fraud_proof_clock<T1: Transport, S1: Store>(&self, l1: &LightNode<T1, S1>, scc: Address, l1_head: &ReceivedHeader) -> Result<(u64, u64)> {
        let window = u64::try_from(call_word(l1, scc, "FRAUD_PROOF_WINDOW()", l1_head.header.number).await?).unwrap_or(u64::MAX);
        Ok((window, l1_head.header.timestamp.min(self.rpc.now_ms() / 1000)))
    }

    /// A contract on L1: as the request names it, or the preset's.
    fn l1_contract(&self, given: Option<Address>, name: &str) -> Result<Address> {
        given
            .or_else(|| self.spec.contracts.iter().find(|c| c.on_l1 && c.name == name).map(|c| c.address))
            .ok_or_else(|| Error::invalid(name, format!("the `{}` preset names no {name}; give its address", self.spec.name)))
    }

    /// The batch holding commitment element `element`, from the L1 server's `StateBatchAppended`
    /// logs of this chain, searched back from the L1 head one `max_log_range` window at a time
    /// (to `from`, or [`SEARCH_WINDOWS`] windows). Unverified on purpose: like any given batch, it
    /// must then hash to what the container stores, so a false one is refused there.
    async fn find_batch<T1: Transport, S1: Store>(&self, l1: &LightNode<T1, S1>, scc: Address, element: u64, from: Option<u64>, head: u64) -> Result<scc::BatchHeader> {
        let windows = super::log_windows::log_windows(head, l1.options.max_log_range, from, SEARCH_WINDOWS);
        let floor = windows.floor;
        for (low, high) in windows {
            let filter = json!([{ "address": scc, "topics": scc::batch_log_topics(self.spec.chain_id), "fromBlock": format!("{low:#x}"), "toBlock": format!("{high:#x}") }]);
            let logs = crate::verify::logs_from_json("eth_getLogs", &l1.rpc.call("eth_getLogs", filter).await?)?;
            // Newest first: batches are appended in order, so one that ends at or before the
            // element means the element is not committed yet.
            for log in logs.iter().rev() {
                let (chain_id, batch) = scc::batch_from_log(&log.data)?;
                let end = batch.prev_total_elements.saturating_add(batch.batch_size);
                if chain_id != self.spec.chain_id {
                    continue;
                }
                if (batch.prev_total_elements..end).contains(&element) {
                    return Ok(batch);
                }
                if end <= element {
                    return Err(Error::L1Commitment { reason: format!("block {} is not committed yet: the newest batch ends at block {end}", element + 1) });
                }
            }
        }
        Err(Error::L1Commitment { reason: format!("no StateBatchAppended batch holding block {} in L1 blocks {floor}..={head}; give l1FromBlock or the batch header", element + 1) })
    }
}

/// The first word a view function without arguments returns, run in MetisVM on `l1`'s proven state.
async fn call_word<T: Transport, S: Store>(l1: &LightNode<T, S>, to: Address, signature: &str, block: u64) -> Result<U256> {
    let selector = &keccak256(signature)[..4];
    let call = json!([{ "to": to, "data": alloy_primitives::hex::encode_prefixed(selector) }, format!("{block:#x}")]);
    let answer = l1.request("eth_call", &call).await?;
    let word = crate::json::parse_hex(signature, answer.as_str().unwrap_or_default())?;
    // Short output (no code at `to`, or not this function) is no answer, never a zero.
    word.get(..32).map(U256::from_be_slice).ok_or_else(|| Error::L1Commitment { reason: format!("{to} answers {signature} with {} bytes", word.len()) })
}
