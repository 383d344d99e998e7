//! LightNode: answers JSON-RPC like a node, but only with what it has verified against its
//! checkpoint. It wires the RPC client, the verifiers, the verified header chain and MetisVM.

mod admit;
mod blocks;
mod agreement;
mod config;
mod consensus;
mod dispatch;
mod execute;
mod fees;
mod fill;
mod filter_json;
mod filters;
mod headers;
mod l1;
#[cfg(feature = "full")]
mod lazai;
mod log_windows;
mod present;
mod request_json;
#[cfg(feature = "full")]
mod reexec;
mod sequencer;
#[cfg(feature = "full")]
mod simulate;
mod state;

pub use dispatch::METHODS;
pub use config::{NodeConfig, NodeOptions};
pub use headers::HeaderChain;
pub use l1::{CommitmentReport, CommitmentRequest};
#[cfg(feature = "full")]
pub use lazai::{Ownership, OwnershipQuery, Proven, recover_proof_signer};
#[cfg(feature = "full")]
pub use reexec::{ExecutionProgress, ExecutionReport};
pub use present::header as present_header;
pub use sequencer::SequencerReport;

use crate::beacon::{BeaconSync, Mainnet};
use crate::chain::{ChainSpec, StateTransition, TrustModel};
use crate::error::{Error, Result};
use crate::rpc::{RpcClient, Transport};
use crate::store::{AnyStore, MetisDb, Store};
use crate::verify::{self, Checkpoint, ReceivedHeader};
use serde_json::{Value, json};
use std::cell::RefCell;

/// A light client over one chain and a set of untrusted RPC endpoints, remembering what it proved.
#[derive(Debug)]
pub struct LightNode<T, S = AnyStore> {
    spec: &'static ChainSpec,
    rpc: RpcClient<T>,
    db: MetisDb<S>,
    checkpoint: Checkpoint,
    options: NodeOptions,
    chain: RefCell<HeaderChain>,
    /// When the head was last synced (ms since the epoch): `latest` within [`HEAD_FRESH_MS`] of it
    /// is answered from the verified head without a round trip.
    synced_at: std::cell::Cell<u64>,
    /// State proven at recent blocks for warm calls, by number and hash.
    state_cache: RefCell<std::collections::VecDeque<(u64, alloy_primitives::B256, crate::vm::ProofDb)>>,
    /// The highest block proven committed on L1 past the fraud-proof window: `finalized`.
    l1_finalized: std::cell::Cell<Option<u64>>,
    /// Blocks at or below this height are never unwound: the checkpoint, then every head less
    /// [`MAX_REORG`] (so a deep reorg cannot pass in several `sync` calls); L1 finality on top.
    unwind_floor: std::cell::Cell<u64>,
    /// Why the head stopped short of the servers' (a block sync would not admit), as of the last sync.
    stopped: RefCell<Option<String>>,
    /// Set while a sync runs: a second caller answers from the held head instead of interleaving
    /// its drops and extensions of the chain with the first's.
    syncing: std::cell::Cell<bool>,
    /// Ethereum's sync committee, where configured: the only source of the head.
    beacon: RefCell<Option<BeaconSync<Mainnet>>>,
    /// Installed `eth_newFilter` / `eth_newBlockFilter` filters.
    filters: RefCell<filters::Filters>,
    /// The L1 node a chain's state roots are committed on, where configured: sync binds blocks by
    /// their commitments there.
    l1: Option<Box<LightNode<T, AnyStore>>>,
    /// The state roots of the last StateCommitmentChain batch proven on `l1`, from its first element.
    /// Whether that batch was past the fraud-proof window when proven.
    l1_batch: RefCell<Option<(u64, Vec<alloy_primitives::B256>, bool)>>,
    /// Blocks admitted by their L1 commitment alone: their state root is bound, their receipts root
    /// and logs bloom are only the server's word, so nothing is answered from those.
    l1_bound_only: RefCell<std::collections::HashSet<alloy_primitives::B256>>,
}

/// Where a sync is: headers from `from` are linked up to `linked`, on the way to the server's `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SyncProgress {
    /// The verified head when the sync began.
    pub from: u64,
    /// The verified head now.
    pub linked: u64,
    /// The server's head.
    pub target: u64,
}

/// How long a synced head stands for `latest`: about one block on the chains served.
const HEAD_FRESH_MS: u64 = 2_000;
/// How often a request that found a sync running checks whether it ended.
const SYNC_WAIT_MS: u32 = 10;
/// Deepest reorg followed without a restart.
const MAX_REORG: u64 = 64;

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Connects: checks the server's chain id against the preset, anchors at the checkpoint (from
    /// MetisDB when stored there), links the stored headers after it, then syncs to the server's head.
    pub async fn create(spec: &'static ChainSpec, rpc: RpcClient<T>, db: MetisDb<S>, checkpoint: Checkpoint, options: NodeOptions) -> Result<Self> {
        Self::create_observed(spec, rpc, db, checkpoint, options, &mut |_| true).await
    }

    /// As [`Self::create`], telling `progress` as the first sync links headers; `false` cancels.
    pub async fn create_observed(
        spec: &'static ChainSpec,
        rpc: RpcClient<T>,
        db: MetisDb<S>,
        checkpoint: Checkpoint,
        options: NodeOptions,
        progress: &mut dyn FnMut(SyncProgress) -> bool,
    ) -> Result<Self> {
        Self::create_anchored(spec, rpc, db, checkpoint, options, None, progress).await
    }

    /// Connects with `checkpoint` as the anchor and, where given, the beacon light client as the
    /// source of every head after it.
    async fn create_anchored(
        spec: &'static ChainSpec,
        rpc: RpcClient<T>,
        db: MetisDb<S>,
        checkpoint: Checkpoint,
        options: NodeOptions,
        beacon: Option<BeaconSync<Mainnet>>,
        progress: &mut dyn FnMut(SyncProgress) -> bool,
    ) -> Result<Self> {
        // Block 0 is known without asking anyone: a checkpoint there that is not the preset's
        // genesis names another chain.
        if let Some(genesis) = spec.genesis_hash.filter(|g| checkpoint.number == 0 && checkpoint.hash != *g) {
            return Err(Error::NotAnchored { number: 0, hash: checkpoint.hash, reason: format!("{}'s genesis is {genesis}", spec.name) });
        }
        let chain_id = rpc.call("eth_chainId", json!([])).await?;
        let claimed = chain_id.as_str().and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok());
        if claimed != Some(spec.chain_id) {
            return Err(Error::ClaimMismatch {
                field: "eth_chainId".into(),
                claimed: chain_id.to_string(),
                proven: format!("{} (preset {})", spec.chain_id, spec.name),
            });
        }
        let stored = db.headers(checkpoint.number, 1).await?.pop().flatten().filter(|h| h.hash == checkpoint.hash);
        let anchor = match stored {
            Some(h) => h,
            None => fetch_header(&rpc, checkpoint.number).await?,
        };
        let chain = HeaderChain::anchored_at(checkpoint, anchor.clone()).ok_or_else(|| Error::NotAnchored {
            number: checkpoint.number,
            hash: checkpoint.hash,
            reason: format!("the server's block {} hashes to {}", anchor.header.number, anchor.hash),
        })?;
        let node = Self {
            spec,
            rpc,
            db,
            checkpoint,
            options,
            chain: RefCell::new(chain),
            synced_at: std::cell::Cell::new(0),
            state_cache: RefCell::default(),
            l1_finalized: std::cell::Cell::default(),
            beacon: RefCell::new(beacon),
            unwind_floor: std::cell::Cell::new(checkpoint.number),
            syncing: std::cell::Cell::default(),
            stopped: RefCell::default(),
            filters: RefCell::default(),
            l1: None,
            l1_batch: RefCell::default(),
            l1_bound_only: RefCell::default(),
        };
        node.db.put_headers(&[anchor]).await?;
        // Stored headers after the anchor are only claims; with a beacon anchor they are linked
        // backward from the next signed head instead.
        if node.beacon.borrow().is_none() {
            node.extend_from_store().await?;
        }
        // A block sync would not admit stops the head before it; the node still serves.
        let synced = node.sync_observed(progress).await;
        node.served(synced)?;
        Ok(node)
    }

    /// Links headers stored after the verified head, with the same checks as fresh ones: re-hashed,
    /// each linked to the one before, the preset's rules, and the newest of them confirmed by the
    /// servers (as many as must agree). Anything could have written them; unconfirmed, they are
    /// left for the sync to fetch anew.
    async fn extend_from_store(&self) -> Result<()> {
        let mut linked = vec![self.head()?];
        while (linked.len() as u64) < self.options.max_sync {
            let Some(last) = linked.last().cloned() else { break };
            let stored = self.db.headers(last.header.number.saturating_add(1), self.options.sync_batch).await?;
            let before = linked.len();
            for h in stored.into_iter().map_while(|h| h) {
                if linked.last().is_some_and(|prev| prev.hash == h.header.parent_hash) {
                    linked.push(h);
                } else {
                    break;
                }
            }
            if linked.len() == before {
                break;
            }
        }
        let Some(top) = linked.last().filter(|_| linked.len() > 1).cloned() else { return Ok(()) };
        if self.check_rules(&linked).is_err() {
            return Ok(());
        }
        let confirmed = self.agreed_headers(top.header.number..=top.header.number).await.ok().and_then(|mut h| h.pop());
        if confirmed.is_none_or(|h| h.hash != top.hash) {
            return Ok(());
        }
        if !self.admits() {
            self.chain.borrow_mut().extend(linked);
            return Ok(());
        }
        // Stored blocks are admitted exactly as fresh ones; from the first that is not, sync decides.
        self.extend_admitted(&linked).await;
        Ok(())
    }

    /// MetisDB of this node.
    pub fn store(&self) -> &MetisDb<S> {
        &self.db
    }

    /// The chain preset.
    pub fn spec(&self) -> &'static ChainSpec {
        self.spec
    }

    /// The trust anchor.
    pub fn checkpoint(&self) -> Checkpoint {
        self.checkpoint
    }

    /// HTTP round trips made so far.
    pub fn round_trips(&self) -> u64 {
        self.rpc.round_trips()
    }

    /// What anchors the answers: the checkpoint, the verified range, the chain's trust model.
    pub fn trust_status(&self) -> Result<Value> {
        if let Some(status) = self.beacon_trust_status()? {
            return Ok(status);
        }
        let head = self.head()?;
        let (low, high) = self.chain.borrow().range().unwrap_or_default();
        Ok(json!({
            "chain": self.spec.name,
            "chainId": self.spec.chain_id,
            "checkpoint": self.checkpoint,
            "head": { "number": head.header.number, "hash": head.hash },
            "verifiedRange": [low, high],
            "trustModel": self.spec.trust,
            "forkRules": match self.spec.header_rules {
                crate::chain::HeaderRules::Forks(_) => "the preset's fork schedule",
                crate::chain::HeaderRules::L2Geth => "l2geth: 15-field headers at every height",
                crate::chain::HeaderRules::Detect => "not public: detected from the header fields present",
            },
            "anchoredBy": "every header links by parentHash to the checkpoint; state, transactions, receipts and logs are proven against those headers",
            "agreement": { "servers": self.rpc.endpoints().len(), "mustAgree": self.agreement() },
            "latestStoppedBy": *self.stopped.borrow(),
            "tags": {
                "latest": self.latest_rests_on(),
                "safe": "the servers' claim, accepted only for a block on the verified chain",
                "finalized": if self.l1_finalized.get().is_some() { "the newest block proven committed on L1 past the fraud-proof window" } else { "the servers' claim, accepted only for a block on the verified chain" },
            },
            "notChecked": "the chain's consensus (who may produce blocks) is trusted as of the checkpoint",
            "finalizedByL1": self.l1_finalized.get(),
        }))
    }

    /// What the trust status says `latest` rests on.
    fn latest_rests_on(&self) -> String {
        let (agree, servers) = (self.agreement(), self.rpc.endpoints().len());
        let linked = format!("the newest block {agree} of {servers} servers have, linked forward from the checkpoint");
        let signed = "each block's transaction signed by a signer of the last 15 epochs of MetisSequencerSet (proven at its parent)";
        let by_l1 = self.l1.is_some() && (self.options.bind_by_l1 || self.spec.state_transition == StateTransition::L2Geth);
        let bound = match (by_l1, self.spec.state_transition) {
            (true, _) => "its state root at its place in a StateCommitmentChain batch proven on L1 from the L1 node's own anchor (the proposer's commitment: final only past the fraud-proof window). The proposer commits state roots, not headers: the rest of such a block's header (receipts root, logs bloom, gas used, timestamp, and so its hash) is the servers' word, so its receipts and logs are refused (STATE_UNBOUND) and calls run under its timestamp as the servers give it",
            (false, StateTransition::L2Geth) => {
                return "the checkpoint: past it a block's transaction is signed by a sequencer, but nothing here binds the block's state root (l2geth re-execution is not implemented; give an `l1` node to bind it by its L1 commitment), so no later block is made latest".to_owned();
            }
            (false, _) => "its state root bound by re-executing the block on its parent's proven state",
        };
        match self.spec.trust {
            TrustModel::Sequencer { .. } => format!("{linked}, {signed} and {bound}"),
            _ if self.options.validate || by_l1 => format!("{linked}, each header the same from {agree} servers and {bound}"),
            _ => format!("{linked}, each header the same from {agree} servers"),
        }
    }

    /// The highest verified header.
    pub fn head(&self) -> Result<ReceivedHeader> {
        self.chain.borrow().head().cloned().ok_or_else(|| Error::UnknownBlock("head".into()))
    }

    /// Links headers from the verified head to the server's head; returns the new head number.
    pub async fn sync(&self) -> Result<u64> {
        self.sync_observed(&mut |_| true).await
    }

    /// As [`Self::sync`], telling `progress` before the first batch and after each batch of headers
    /// is linked; `false` stops with [`Error::Cancelled`] (what was linked stays verified).
    pub async fn sync_observed(&self, progress: &mut dyn FnMut(SyncProgress) -> bool) -> Result<u64> {
        if self.syncing.replace(true) {
            // Another request is syncing: its head is the one to answer with, not the stale one.
            // The node holds no locks (one thread, requests interleaving at awaits), so wait it out.
            while self.syncing.get() {
                self.rpc.transport().sleep(SYNC_WAIT_MS).await;
            }
            return Ok(self.head()?.header.number);
        }
        let _running = SyncRunning(&self.syncing);
        if self.beacon.borrow().is_some() {
            return self.sync_beacon(progress).await;
        }
        *self.stopped.borrow_mut() = None;
        // A batch proven on L1 in an earlier sync is proven again: L1 may have reorged or deleted it.
        *self.l1_batch.borrow_mut() = None;
        let target = self.agreed_head().await?;
        self.synced_at.set(self.rpc.now_ms());
        let mut head = self.head()?;
        if target <= head.header.number {
            // Not past our head, but maybe not our block: a reorg that did not grow the chain.
            let theirs = self.agreed_headers(target..=target).await?.pop();
            let ours = self.chain.borrow().at(target).map(|h| h.hash);
            if theirs.is_none_or(|h| Some(h.hash) == ours) || target <= self.floor() {
                return Ok(head.header.number);
            }
            head = self.chain.borrow().at(target - 1).cloned().ok_or_else(|| Error::UnknownBlock(format!("{} (below the verified range)", target - 1)))?;
        }
        if target - head.header.number > self.options.max_sync {
            return Err(Error::NotAnchored {
                number: self.checkpoint.number,
                hash: self.checkpoint.hash,
                reason: format!("the head is {} blocks past the verified head; give a newer checkpoint", target - head.header.number),
            });
        }
        let from = head.header.number;
        let mut unwound = 0;
        while head.header.number < target {
            if !progress(SyncProgress { from, linked: head.header.number, target }) {
                return Err(Error::Cancelled);
            }
            let to = target.min(head.header.number.saturating_add(self.options.sync_batch.max(1)));
            let fetched = self.agreed_headers(head.header.number + 1..=to).await?;
            let mut linked = vec![head.clone()];
            linked.extend(fetched);
            match verify::verify_header_chain(&linked, Checkpoint { number: head.header.number, hash: head.hash }) {
                Ok(_) => {}
                // The server's next block does not build on our head: a reorg replaced it. Step back
                // over headers we hold (never to the unwind floor, at most MAX_REORG blocks) and link
                // again from there; what we hold is only dropped once the new branch links.
                Err(Error::BrokenLink { number, .. })
                    if number == head.header.number + 1 && head.header.number > self.floor() && unwound < MAX_REORG =>
                {
                    unwound += 1;
                    head = self.chain.borrow().at(head.header.number - 1).cloned().ok_or_else(|| Error::UnknownBlock(format!("{} (below the verified range)", head.header.number - 1)))?;
                    continue;
                }
                Err(e) => return Err(e),
            }
            self.check_rules(&linked)?;
            self.forget_above(head.header.number);
            if self.admits() {
                // A block counts only once admitted (signer proven, state root bound); the chain
                // stops before the first that is not, and the sync says why.
                let (admitted, refused) = self.extend_admitted(&linked).await;
                self.db.put_headers(&linked[1..=admitted]).await?;
                if let Some(e) = refused {
                    *self.stopped.borrow_mut() = Some(e.to_string());
                    return Err(e);
                }
            } else {
                self.db.put_headers(&linked).await?;
                self.chain.borrow_mut().extend(linked.clone());
            }
            head = linked.last().cloned().unwrap_or(head);
        }
        self.unwind_floor.set(self.unwind_floor.get().max(head.header.number.saturating_sub(MAX_REORG)));
        progress(SyncProgress { from, linked: head.header.number, target });
        Ok(head.header.number)
    }

    /// The head a sync leaves: a sync that stopped before a block it would not admit (the trust
    /// status says why) still leaves a verified head to serve; any other failure is the answer.
    pub(super) fn served(&self, synced: Result<u64>) -> Result<u64> {
        match synced {
            Err(_) if self.stopped.borrow().is_some() => self.head().map(|h| h.header.number),
            other => other,
        }
    }

    /// The preset's header rules over consecutive linked headers.
    fn check_rules(&self, linked: &[ReceivedHeader]) -> Result<()> {
        linked.windows(2).try_for_each(|pair| self.spec.check_header_rules(&pair[1].header, &pair[0].header))
    }

    /// Where a node taking over from this one (the npm package's full module, on first use) may
    /// anchor: the verified header at the unwind floor, so it links a few headers instead of the
    /// whole range from the checkpoint, older blocks are linked backward from it on demand, and
    /// reorgs above it pass as they would here. `None` where the head comes from the sync committee:
    /// the taker bootstraps from the same beacon checkpoint.
    pub fn handover_checkpoint(&self) -> Option<Checkpoint> {
        if self.beacon.borrow().is_some() {
            return None;
        }
        let chain = self.chain.borrow();
        let (low, high) = chain.range()?;
        let at = chain.at(self.floor().clamp(low, high))?;
        Some(Checkpoint { number: at.header.number, hash: at.hash })
    }

    /// The highest block that can no longer be unwound (see `unwind_floor`), L1 finality included.
    fn floor(&self) -> u64 {
        self.unwind_floor.get().max(self.l1_finalized.get().unwrap_or(0))
    }

    /// Drops verified headers and cached state above `number`.
    fn forget_above(&self, number: u64) {
        self.chain.borrow_mut().truncate_above(number);
        self.state_cache.borrow_mut().retain(|(n, _, _)| *n <= number);
    }

    /// The verified header at `number`, linking backward from the lowest verified header when it is
    /// older, and syncing forward when it is newer.
    pub async fn header_at(&self, number: u64) -> Result<ReceivedHeader> {
        if let Some(h) = self.chain.borrow().at(number) {
            return Ok(h.clone());
        }
        let (low, high) = self.chain.borrow().range().ok_or_else(|| Error::UnknownBlock(number.to_string()))?;
        if number > high {
            self.sync().await?;
        } else if number < low {
            if low - number > self.options.max_sync {
                return Err(Error::UnknownBlock(format!("{number} (more than {} before the checkpoint)", self.options.max_sync)));
            }
            let mut lowest = self.chain.borrow().at(low).cloned().ok_or_else(|| Error::UnknownBlock(low.to_string()))?;
            while lowest.header.number > number {
                let from = number.max(lowest.header.number.saturating_sub(self.options.sync_batch));
                let mut linked = self.agreed_headers(from..=lowest.header.number - 1).await?;
                linked.push(lowest.clone());
                verify::verify_header_chain(&linked, Checkpoint { number: lowest.header.number, hash: lowest.hash })?;
                self.check_rules(&linked)?;
                lowest = linked.first().cloned().unwrap_or(lowest);
                self.db.put_headers(&linked).await?;
                self.chain.borrow_mut().extend(linked);
            }
        }
        self.chain.borrow().at(number).cloned().ok_or_else(|| Error::UnknownBlock(number.to_string()))
    }

    /// Resolves a block parameter (`latest`, `safe`, `finalized`, `earliest`, `pending`, a number, or
    /// `{blockHash}` / `{blockNumber}`) to a verified header.
    pub async fn resolve(&self, tag: Option<&Value>) -> Result<ReceivedHeader> {
        let tag = tag.unwrap_or(&Value::Null);
        if let Some(hash) = tag.get("blockHash").or_else(|| tag.as_str().filter(|s| s.len() == 66).map(|_| tag)) {
            let hash = verify::header::parse_hash("blockHash", hash)?;
            if let Some(h) = self.chain.borrow().by_hash(&hash) {
                return Ok(h.clone());
            }
            // Not yet linked: ask where it is, then accept it only if the chain has it there.
            let claimed = self.rpc.call("eth_getBlockByHash", json!([hash, false])).await?;
            if claimed.is_null() {
                return Err(Error::UnknownBlock(hash.to_string()));
            }
            let number = quantity("number", claimed.get("number").unwrap_or(&Value::Null))?;
            let header = self.header_at(number).await?;
            return if header.hash == hash { Ok(header) } else { Err(Error::UnknownBlock(hash.to_string())) };
        }
        let tag = tag.get("blockNumber").unwrap_or(tag);
        if !tag.is_null() && !tag.is_string() {
            return Err(Error::invalid("block", format!("expected a hex block number or a tag, got {tag}")));
        }
        match tag.as_str() {
            // `pending` (a wallet's next nonce) is the verified head as of now: the pool itself
            // is unprovable, but a transaction mined a moment ago must count.
            None | Some("latest" | "pending") => {
                if tag.as_str() == Some("pending") || self.rpc.now_ms().saturating_sub(self.synced_at.get()) > HEAD_FRESH_MS {
                    let synced = self.sync().await;
                    self.served(synced)?;
                }
                self.head()
            }
            Some("earliest") => self.header_at(0).await,
            Some("safe" | "finalized") if self.beacon.borrow().is_some() => self.beacon_finalized().await,
            Some(named @ ("safe" | "finalized")) => match self.l1_finalized.get().filter(|_| named == "finalized") {
                // A block proven committed on L1 past the fraud-proof window is final by proof.
                Some(number) => self.header_at(number).await,
                // Otherwise the server says which block is safe or final; the node only accepts it
                // if it has verified that block on its chain (its trust status says so).
                None => {
                    let claimed = self.rpc.call("eth_getBlockByNumber", json!([named, false])).await?;
                    let number = quantity(named, claimed.get("number").unwrap_or(&Value::Null))?;
                    self.header_at(number).await
                }
            },
            Some(number) => self.header_at(quantity("block", &Value::String(number.to_owned()))?).await,
        }
    }
}

/// Clears the node's `syncing` flag when a sync ends, however it ends (a dropped future included).
struct SyncRunning<'a>(&'a std::cell::Cell<bool>);

impl Drop for SyncRunning<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// A hex quantity (`0x1a`) as a number.
pub(crate) fn quantity(what: &str, value: &Value) -> Result<u64> {
    value
        .as_str()
        .and_then(|s| s.strip_prefix("0x"))
        .and_then(|s| u64::from_str_radix(s, 16).ok())
        .ok_or_else(|| Error::invalid(what, format!("expected a hex quantity, got {value}")))
}

/// One header, checked to be the block asked for and to hash to its claimed hash.
async fn fetch_header<T: Transport>(rpc: &RpcClient<T>, number: u64) -> Result<ReceivedHeader> {
    let mut headers = fetch_headers(rpc, number..=number).await?;
    headers.pop().ok_or_else(|| Error::UnknownBlock(number.to_string()))
}

/// Headers `range` in one batch, each checked to be the block asked for.
async fn fetch_headers<T: Transport>(rpc: &RpcClient<T>, range: std::ops::RangeInclusive<u64>) -> Result<Vec<ReceivedHeader>> {
    fetch_headers_from(rpc, None, range).await
}

/// As [`fetch_headers`], from the endpoint at `only` alone where given.
async fn fetch_headers_from<T: Transport>(rpc: &RpcClient<T>, only: Option<usize>, range: std::ops::RangeInclusive<u64>) -> Result<Vec<ReceivedHeader>> {
    let requests: Vec<(&str, Value)> = range.clone().map(|n| ("eth_getBlockByNumber", json!([format!("{n:#x}"), false]))).collect();
    let answers = match only {
        Some(index) => rpc.batch_at(index, &requests).await?,
        None => rpc.batch(&requests).await?,
    };
    range
        .zip(answers)
        .map(|(n, answer)| {
            let value = answer?;
            if value.is_null() {
                return Err(Error::UnknownBlock(format!("{n} (the server has no such block)")));
            }
            let h = verify::header_from_json(&format!("block {n}"), &value)?;
            if h.header.number != n {
                return Err(Error::ClaimMismatch { field: format!("block {n}"), claimed: format!("block {}", h.header.number), proven: format!("block {n} was asked for") });
            }
            Ok(h)
        })
        .collect()
}
