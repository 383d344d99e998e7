//! The head from consensus: on Ethereum, the sync committee proves an execution block hash, and the
//! node trusts a header only when it is that block or links BACKWARD to it by parentHash. Nothing a
//! server says about which block is newest counts.

use super::{LightNode, NodeOptions, SyncProgress, fetch_header, fetch_headers};
use crate::beacon::{BeaconConfig, BeaconSync, Mainnet, Proof, ProvenExecution};
use crate::chain::ChainSpec;
use crate::error::{Error, Result};
use crate::rpc::{RpcClient, Transport};
use crate::store::{MetisDb, Store};
use crate::verify::{self, Checkpoint, ReceivedHeader};
use serde_json::{Value, json};

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Connects with the beacon light client as the root of trust: bootstraps from the trusted
    /// beacon block root, follows the sync committee to the clock's period, anchors at the
    /// finalized execution block and takes `latest` from the newest signed one.
    pub async fn create_with_beacon(
        spec: &'static ChainSpec,
        rpc: RpcClient<T>,
        db: MetisDb<S>,
        beacon: &BeaconConfig,
        options: NodeOptions,
        progress: &mut dyn FnMut(SyncProgress) -> bool,
    ) -> Result<Self> {
        if spec.chain_id != 1 || beacon.network.as_deref().is_some_and(|n| n != "mainnet") {
            return Err(Error::invalid("beacon.network", format!("the `{}` preset has no beacon network here; the sync committee anchors `ethereum` (mainnet)", spec.name)));
        }
        let now = rpc.now_ms() / 1000;
        let key = proof_key(beacon.network.as_deref().unwrap_or("mainnet"), beacon.checkpoint);
        // A kept proof is replayed through every check; one that fails (or does not decode: before
        // SSZ, proofs were kept as JSON) is dropped for a fresh bootstrap.
        let kept = db.consensus(&key).await?.and_then(|bytes| <Proof<Mainnet> as ssz::Decode>::from_ssz_bytes(&bytes).ok());
        let (mut sync, replayed) = match kept.map(|proof| BeaconSync::replay(beacon, proof, now)) {
            Some(Ok(sync)) => (sync, true),
            _ => (BeaconSync::<Mainnet>::bootstrap(rpc.transport(), beacon, now).await?, false),
        };
        let kept_updates = sync.proof().updates.len();
        sync.advance(rpc.transport()).await?;
        if !replayed || sync.proof().updates.len() != kept_updates {
            keep(&db, &sync).await?;
        }
        let finalized = proven(sync.finalized(), "finalized")?;
        let checkpoint = Checkpoint { number: finalized.number, hash: finalized.hash };
        Self::create_anchored(spec, rpc, db, checkpoint, options, Some(sync), progress).await
    }

    /// Advances the light client, then makes its newest signed execution block the head.
    pub(super) async fn sync_beacon(&self, progress: &mut dyn FnMut(SyncProgress) -> bool) -> Result<u64> {
        // Advanced on a copy: no borrow is held across an await, so concurrent requests cannot clash.
        let Some(mut sync) = self.beacon.borrow().clone() else { return Err(Error::NotVerifiable("beacon sync without a beacon light client".into())) };
        let kept_updates = sync.proof().updates.len();
        sync.advance(self.rpc.transport()).await?;
        if sync.proof().updates.len() != kept_updates {
            keep(&self.db, &sync).await?;
        }
        let target = proven(sync.optimistic(), "optimistic")?;
        *self.beacon.borrow_mut() = Some(sync);
        self.synced_at.set(self.rpc.now_ms());
        self.adopt(target, progress).await
    }

    /// The newest finalized execution block, on the verified chain.
    pub(super) async fn beacon_finalized(&self) -> Result<ReceivedHeader> {
        let finalized = proven(self.beacon.borrow().as_ref().and_then(BeaconSync::finalized), "finalized")?;
        let header = self.header_at(finalized.number).await?;
        if header.hash == finalized.hash {
            return Ok(header);
        }
        self.adopt(finalized, &mut |_| true).await?;
        self.header_at(finalized.number).await
    }

    /// Makes `target` (an execution block the committee proved) part of the verified chain: its
    /// header must hash to the proven hash, and the headers below it are linked backward until they
    /// meet the chain (everything above the meeting point is dropped: a reorg) or `max_sync` runs
    /// out (the chain is then replaced by the backward-linked segment).
    async fn adopt(&self, target: ProvenExecution, progress: &mut dyn FnMut(SyncProgress) -> bool) -> Result<u64> {
        let from = self.head()?.header.number;
        if self.chain.borrow().at(target.number).is_some_and(|h| h.hash == target.hash) {
            if target.number < from {
                self.forget_above(target.number);
            }
            return Ok(target.number);
        }
        let top = fetch_header(&self.rpc, target.number).await?;
        if top.hash != target.hash || top.header.state_root != target.state_root {
            return Err(Error::ClaimMismatch {
                field: format!("block {}", target.number),
                claimed: format!("hash {} state root {}", top.hash, top.header.state_root),
                proven: format!("hash {} state root {} (signed by the sync committee at slot {})", target.hash, target.state_root, target.slot),
            });
        }
        // Descending: segment[0] is the proven block, each next one its parent.
        let mut segment = vec![top];
        loop {
            let Some(low) = segment.last().cloned() else { break };
            let Some(parent) = low.header.number.checked_sub(1) else { break };
            if self.chain.borrow().at(parent).is_some_and(|h| h.hash == low.header.parent_hash) {
                let finalized = self.beacon.borrow().as_ref().and_then(BeaconSync::finalized).map_or(0, |f| f.number);
                if parent < finalized {
                    return Err(Error::NotAnchored {
                        number: finalized,
                        hash: target.hash,
                        reason: format!("the signed head {} would unwind the finalized block {finalized}", target.number),
                    });
                }
                segment.reverse();
                self.check_rules(&segment)?;
                self.forget_above(parent);
                self.db.put_headers(&segment).await?;
                self.chain.borrow_mut().extend(segment);
                return Ok(target.number);
            }
            let linked = segment.len() as u64;
            if linked >= self.options.max_sync {
                break;
            }
            if !progress(SyncProgress { from, linked: target.number - linked + 1, target: target.number }) {
                return Err(Error::Cancelled);
            }
            // Stop a batch just above the chain's head, so the meeting point is checked first.
            let high = self.chain.borrow().range().map_or(0, |(_, high)| high);
            let floor = if parent > high { high.saturating_add(1) } else { 0 };
            let lowest = parent.saturating_sub(self.options.sync_batch.min(self.options.max_sync - linked).saturating_sub(1)).max(floor);
            let mut batch = fetch_headers(&self.rpc, lowest..=parent).await?;
            batch.push(low.clone());
            verify::verify_header_chain(&batch, Checkpoint { number: low.header.number, hash: low.hash })?;
            batch.pop();
            segment.extend(batch.into_iter().rev());
        }
        // No meeting point within reach: the backward-linked segment is the chain now.
        segment.reverse();
        self.check_rules(&segment)?;
        self.db.put_headers(&segment).await?;
        let mut chain = self.chain.borrow_mut();
        *chain = super::HeaderChain::default();
        chain.extend(segment);
        Ok(target.number)
    }

    /// The trust status when the sync committee anchors the node.
    pub(super) fn beacon_trust_status(&self) -> Result<Option<Value>> {
        let Some(beacon) = self.beacon.borrow().as_ref().map(BeaconSync::status) else { return Ok(None) };
        let head = self.head()?;
        let (low, high) = self.chain.borrow().range().unwrap_or_default();
        Ok(Some(json!({
            "chain": self.spec.name,
            "chainId": self.spec.chain_id,
            "head": { "number": head.header.number, "hash": head.hash },
            "checkpoint": self.checkpoint,
            "verifiedRange": [low, high],
            "trustModel": "beacon",
            "beacon": beacon,
            "tags": {
                "latest": "the execution block of the newest beacon header the sync committee signed (more than the safety threshold of the committee)",
                "safe": "as finalized: the newest execution block whose beacon header the committee proved finalized",
                "finalized": "the newest execution block whose beacon header the committee proved finalized",
                "numbers": "other blocks link backward by parentHash to one of those",
            },
            "anchoredBy": "Ethereum's sync committee, from the trusted beacon block root: each period's committee is proven by the previous one's signature",
            "notChecked": "that the beacon chain itself is valid: a dishonest supermajority of the sync committee could sign a fork",
        })))
    }
}

/// Where a beacon proof is kept in MetisDB: one per network and trusted root.
fn proof_key(network: &str, root: alloy_primitives::B256) -> String {
    format!("beacon/{network}/{root}")
}

/// Keeps the light client's proof (its callers write it only when it is new or grew).
async fn keep<S: Store>(db: &MetisDb<S>, sync: &BeaconSync<Mainnet>) -> Result<()> {
    let proof = sync.proof();
    db.put_consensus(&proof_key(&sync.client().network().name, proof.root), ssz::Encode::as_ssz_bytes(proof)).await
}

fn proven(execution: Option<ProvenExecution>, which: &str) -> Result<ProvenExecution> {
    execution.ok_or_else(|| Error::UnknownBlock(format!("{which} (the beacon light client holds no execution header: pre-Capella data)")))
}
