//! The light client over the standard beacon REST API: bootstrap from a trusted block root, then
//! period updates, the finality update and the optimistic update, each verified before it counts.
//! Several beacon URLs fail over as the execution RPC does; a lie is refused, never skipped.

use super::error::BeaconError;
use super::network::{Network, Preset};
use super::store::LightClient;
use super::types::{Bootstrap, LightClientHeader, Update};
use super::wire::{self, Kind};
use crate::rpc::{HttpBytes, Transport};
use alloy_primitives::B256;
use serde_json::{Value, json};
use ssz_types::typenum::Unsigned;
use std::cell::Cell;

/// How a node reaches and anchors the beacon chain (`beacon` in `LightNode.create`).
#[derive(Debug, Clone)]
pub struct BeaconConfig {
    /// Beacon API base URLs, tried in order.
    pub api: Vec<String>,
    /// The trusted beacon block root.
    pub checkpoint: B256,
    /// `mainnet` (default), `sepolia` or `hoodi`.
    pub network: Option<String>,
    /// Accept a checkpoint older than the weak-subjectivity period.
    pub allow_old_checkpoint: bool,
    /// The clock in Unix seconds, to replay recorded data (default: the system clock).
    pub now: Option<u64>,
}

impl BeaconConfig {
    /// Reads `value` (`what` names it in errors): `api` (one URL or several), `checkpoint`,
    /// `network`, `allowOldCheckpoint` and `now`; any other field is refused.
    pub fn from_json(what: &str, value: &serde_json::Value) -> crate::error::Result<Self> {
        if !value.is_object() {
            return Err(crate::error::Error::invalid(what, "expected an object"));
        }
        let f = crate::json::Fields { what, value };
        f.unknown(&["api", "checkpoint", "network", "allowOldCheckpoint", "now"])?;
        Ok(Self { api: f.one_or_many("api")?, checkpoint: f.parse("checkpoint")?, network: f.parse("network")?, allow_old_checkpoint: f.or_default("allowOldCheckpoint")?, now: f.parse("now")? })
    }
}

/// The oldest checkpoint accepted without `allowOldCheckpoint`: 14 days, helios's default and under
/// the weak-subjectivity period of today's mainnet validator set (about 15 days).
pub const MAX_CHECKPOINT_AGE_S: u64 = 14 * 24 * 3600;
/// `MAX_REQUEST_LIGHT_CLIENT_UPDATES`: the most updates one request asks for.
const MAX_UPDATES_PER_REQUEST: u64 = 128;
/// The most update requests one `advance` makes (128 periods each: years of history).
const MAX_UPDATE_REQUESTS: usize = 8;
/// Per-request timeout.
const TIMEOUT_MS: u32 = 15_000;
/// SSZ preferred: a third the size of JSON and no hex to parse.
const ACCEPT: &str = "application/octet-stream;q=1.0, application/json;q=0.9";

/// The most period updates kept for replay (about 290 days); past it, later periods are fetched again.
const MAX_PROOF_UPDATES: usize = 256;

/// A bootstrap and the period updates applied after it: enough to rebuild the store with every check.
/// Kept in MetisDB as SSZ (its parts' decoders are in the module for the beacon API's SSZ already).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ssz_derive::Encode, ssz_derive::Decode)]
#[serde(bound = "")]
pub struct Proof<P: Preset> {
    /// The trusted beacon block root.
    pub root: B256,
    /// The bootstrap for it.
    pub bootstrap: Bootstrap<P>,
    /// Period updates, oldest first.
    pub updates: Vec<Update<P>>,
}

/// An execution block the sync committee proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvenExecution {
    /// The beacon slot of the block that carries it.
    pub slot: u64,
    /// Execution block number.
    pub number: u64,
    /// Execution block hash.
    pub hash: B256,
    /// Execution state root.
    pub state_root: B256,
}

impl ProvenExecution {
    fn of(header: &LightClientHeader) -> Option<Self> {
        let e = &header.execution;
        (!e.block_hash.is_zero()).then_some(Self { slot: header.beacon.slot, number: e.block_number, hash: e.block_hash, state_root: e.state_root })
    }
}

/// A light client fed from beacon API servers.
#[derive(Debug, Clone)]
pub struct BeaconSync<P: Preset> {
    client: LightClient<P>,
    /// What the client was built from: the bootstrap and each update that moved it to a new
    /// period or taught it the next committee. Kept in MetisDB and replayed on load; shared, since
    /// the node advances a copy of this struct on every sync.
    proof: std::rc::Rc<Proof<P>>,
    /// The newest execution block whose beacon header a supermajority of the committee signed.
    signed: Option<ProvenExecution>,
    api: Vec<String>,
    now: Option<u64>,
    round_trips: Cell<u64>,
    /// Participants in the newest update applied.
    participation: Cell<usize>,
}

impl<P: Preset> BeaconSync<P> {
    /// Fetches the bootstrap for the configured root and checks it, and the checkpoint's age.
    pub async fn bootstrap<T: Transport>(transport: &T, config: &BeaconConfig, now: u64) -> Result<Self, BeaconError> {
        if config.api.is_empty() {
            return Err(BeaconError::Unavailable { what: "beacon.api".into(), detail: "no beacon API URL given".into() });
        }
        let network = Network::by_name(config.network.as_deref().unwrap_or("mainnet"))?;
        let round_trips = Cell::new(0);
        let path = format!("/eth/v1/beacon/light_client/bootstrap/{}", config.checkpoint);
        let answer = get(transport, &config.api, &path, &round_trips).await?.ok_or_else(|| BeaconError::Unavailable { what: path.clone(), detail: "no server has this block root".into() })?;
        let bootstrap = if is_ssz(&answer) {
            let fork = match answer.consensus_version.as_deref().and_then(super::network::Fork::from_name) {
                Some(fork) => fork,
                None => network.fork_at_slot::<P>(wire::peek_first_header_slot(&answer.body)?),
            };
            wire::bootstrap_ssz::<P>(fork, &answer.body)?
        } else {
            wire::bootstrap_json::<P>(&json_body(&answer)?)?
        };
        let proof = Proof { root: config.checkpoint, bootstrap, updates: Vec::new() };
        let sync = Self::replay(config, proof, now)?;
        sync.round_trips.set(round_trips.get());
        Ok(sync)
    }

    /// Rebuilds the client from a proof kept earlier, every signature and branch checked again as
    /// if fresh; a proof for another root, or one that fails, is refused.
    pub fn replay(config: &BeaconConfig, proof: Proof<P>, now: u64) -> Result<Self, BeaconError> {
        let network = Network::by_name(config.network.as_deref().unwrap_or("mainnet"))?;
        if proof.root != config.checkpoint {
            return Err(BeaconError::CheckpointMismatch { expected: config.checkpoint, got: proof.root });
        }
        // A kept proof never grows past this; a longer one (a tampered store) would cost a signature
        // check per update.
        if proof.updates.len() > MAX_PROOF_UPDATES {
            return Err(BeaconError::Invalid(format!("a kept proof of {} updates, past the {MAX_PROOF_UPDATES} kept", proof.updates.len())));
        }
        let now = config.now.unwrap_or(now);
        let mut client = LightClient::bootstrap(network.clone(), proof.root, proof.bootstrap.clone())?;
        let current_slot = network.slot_at(now);
        for update in &proof.updates {
            client.process_update(update, current_slot)?;
        }
        // The newest proven header must be recent: an old committee could sign anything since.
        let slot = client.store().finalized_header.beacon.slot;
        let age = now.saturating_sub(network.slot_time(slot));
        if age > MAX_CHECKPOINT_AGE_S && !config.allow_old_checkpoint {
            return Err(BeaconError::CheckpointTooOld { slot, age_days: age / 86_400, max_days: MAX_CHECKPOINT_AGE_S / 86_400 });
        }
        Ok(Self { client, proof: std::rc::Rc::new(proof), signed: None, api: config.api.clone(), now: config.now, round_trips: Cell::new(0), participation: Cell::new(0) })
    }

    /// What the client was built from, to keep and replay.
    pub fn proof(&self) -> &Proof<P> {
        &self.proof
    }

    /// The light client.
    pub fn client(&self) -> &LightClient<P> {
        &self.client
    }

    /// Beacon API round trips so far.
    pub fn round_trips(&self) -> u64 {
        self.round_trips.get()
    }

    /// The clock: the configured `now`, else the transport's.
    pub fn now<T: Transport>(&self, transport: &T) -> u64 {
        self.now.unwrap_or_else(|| transport.now_ms() / 1000)
    }

    /// Brings the store up to the clock's period, then applies the newest finality and optimistic
    /// updates (a server that does not serve those endpoints only slows finality down).
    pub async fn advance<T: Transport>(&mut self, transport: &T) -> Result<(), BeaconError> {
        let current_slot = self.client.network().slot_at(self.now(transport));
        let current_period = P::period_at_slot(current_slot);
        for _ in 0..MAX_UPDATE_REQUESTS {
            let before = (self.client.period(), self.client.store().next_sync_committee.is_some());
            if before.0 >= current_period && before.1 {
                break;
            }
            let count = (current_period.saturating_sub(before.0) + 1).min(MAX_UPDATES_PER_REQUEST);
            let path = format!("/eth/v1/beacon/light_client/updates?start_period={}&count={count}", before.0);
            let Some(answer) = get(transport, &self.api, &path, &self.round_trips).await? else { break };
            let updates = if is_ssz(&answer) {
                wire::updates_ssz::<P>(self.client.network(), &answer.body, count as usize)?
            } else {
                let items = json_body(&answer)?;
                let items = items.as_array().ok_or_else(|| BeaconError::Decode("updates: not a list".into()))?;
                if items.len() as u64 > count {
                    return Err(BeaconError::Decode(format!("{} updates, {count} were asked for", items.len())));
                }
                items.iter().map(|item| wire::update_json::<P>(Kind::Update, item)).collect::<Result<Vec<_>, _>>()?
            };
            for update in updates {
                let known = (self.client.period(), self.client.store().next_sync_committee.is_some());
                self.apply(&update, current_slot)?;
                let moved = (self.client.period(), self.client.store().next_sync_committee.is_some()) != known;
                if moved && self.proof.updates.len() < MAX_PROOF_UPDATES {
                    std::rc::Rc::make_mut(&mut self.proof).updates.push(update);
                }
            }
            // The spec's forced update (progress through long non-finality) is not applied: it can
            // rest on a minority of the committee.
            if (self.client.period(), self.client.store().next_sync_committee.is_some()) == before {
                break;
            }
        }
        for (path, kind) in [("/eth/v1/beacon/light_client/finality_update", Kind::FinalityUpdate), ("/eth/v1/beacon/light_client/optimistic_update", Kind::OptimisticUpdate)] {
            let Some(answer) = get(transport, &self.api, path, &self.round_trips).await? else { continue };
            let update = if is_ssz(&answer) {
                let fork = match answer.consensus_version.as_deref().and_then(super::network::Fork::from_name) {
                    Some(fork) => fork,
                    None => self.client.network().fork_at_slot::<P>(wire::peek_first_header_slot(&answer.body)?),
                };
                wire::update_ssz::<P>(fork, kind, &answer.body)?
            } else {
                wire::update_json::<P>(kind, &json_body(&answer)?)?
            };
            // A finality or optimistic update from a period the store cannot check yet waits for the
            // period's update; it is no reason to stop.
            match self.apply(&update, current_slot) {
                Err(BeaconError::UnknownPeriod { .. }) => {}
                other => other?,
            }
        }
        Ok(())
    }

    /// One update; one that tells the store nothing new is not an error.
    fn apply(&mut self, update: &Update<P>, current_slot: u64) -> Result<(), BeaconError> {
        match self.client.process_update(update, current_slot) {
            Ok(()) => {
                let signed = update.sync_aggregate.participants();
                self.participation.set(signed);
                // `latest` needs two thirds of the committee, not the spec's safety threshold (which
                // is zero right after a bootstrap: one member's signature would move the head).
                let attested = ProvenExecution::of(&update.attested_header);
                if signed * 3 >= P::SyncCommitteeSize::to_usize() * 2 && attested.is_some_and(|a| self.signed.is_none_or(|s| a.slot > s.slot)) {
                    self.signed = attested;
                }
                Ok(())
            }
            Err(BeaconError::Stale(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The execution block of the newest finalized header (Capella on).
    pub fn finalized(&self) -> Option<ProvenExecution> {
        ProvenExecution::of(&self.client.store().finalized_header)
    }

    /// The execution block of the newest header two thirds of the committee signed (or the
    /// finalized one, when newer).
    pub fn optimistic(&self) -> Option<ProvenExecution> {
        match (self.signed, self.finalized()) {
            (Some(signed), Some(finalized)) => Some(if signed.slot > finalized.slot { signed } else { finalized }),
            (signed, finalized) => signed.or(finalized),
        }
    }

    /// What the head rests on, for the trust status.
    pub fn status(&self) -> Value {
        let store = self.client.store();
        json!({
            "network": self.client.network().name,
            "period": self.client.period(),
            "nextCommitteeKnown": store.next_sync_committee.is_some(),
            "participation": { "signed": self.participation.get(), "of": P::SyncCommitteeSize::to_usize() },
            "finalizedSlot": store.finalized_header.beacon.slot,
            "optimisticSlot": store.optimistic_header.beacon.slot,
            "finalized": self.finalized(),
            "optimistic": self.optimistic(),
            "beaconRoundTrips": self.round_trips.get(),
        })
    }
}

fn is_ssz(answer: &HttpBytes) -> bool {
    answer.content_type.as_deref().is_some_and(|t| t.contains("octet-stream"))
}

fn json_body(answer: &HttpBytes) -> Result<Value, BeaconError> {
    serde_json::from_slice(&answer.body).map_err(|e| BeaconError::Decode(format!("not JSON: {e}")))
}

/// GET `path` from the first server that answers; `None` when no server has it (some answered 404,
/// the rest could not be reached).
async fn get<T: Transport>(transport: &T, api: &[String], path: &str, round_trips: &Cell<u64>) -> Result<Option<HttpBytes>, BeaconError> {
    let mut failures = Vec::new();
    let mut not_found = 0;
    for base in api {
        round_trips.set(round_trips.get() + 1);
        let url = format!("{}{path}", base.trim_end_matches('/'));
        match transport.get(&url, ACCEPT, TIMEOUT_MS).await {
            Ok(answer) if answer.status == 200 => return Ok(Some(answer)),
            Ok(answer) if answer.status == 404 => not_found += 1,
            Ok(answer) => failures.push(format!("{base}: HTTP {}", answer.status)),
            Err(e) => failures.push(format!("{base}: {e}")),
        }
    }
    if not_found > 0 {
        return Ok(None);
    }
    Err(BeaconError::Unavailable { what: path.to_owned(), detail: failures.join("; ") })
}
