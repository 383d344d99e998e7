//! The light-client store and its rules, as the consensus specs define them (Altair
//! `sync-protocol.md`, with Capella's execution headers and Electra's deeper branches).

use super::bls;
use super::error::BeaconError;
use super::network::{Fork, Network, Preset};
use super::types::{Bootstrap, LightClientHeader, SyncCommittee, Update};
use alloy_primitives::B256;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ssz_types::typenum::Unsigned;
use tree_hash::TreeHash;

/// `MIN_SYNC_COMMITTEE_PARTICIPANTS`.
pub const MIN_SYNC_COMMITTEE_PARTICIPANTS: usize = 1;

/// A generalized index into the beacon state or block body.
#[derive(Debug, Clone, Copy)]
struct Gindex(u64);

/// `EXECUTION_PAYLOAD_GINDEX` (in the block body).
const EXECUTION_PAYLOAD: Gindex = Gindex(25);

/// The state gindices that Electra moved one level deeper.
fn current_sync_committee_gindex(fork: Fork) -> Gindex {
    if fork >= Fork::Electra { Gindex(86) } else { Gindex(54) }
}
fn next_sync_committee_gindex(fork: Fork) -> Gindex {
    if fork >= Fork::Electra { Gindex(87) } else { Gindex(55) }
}
fn finalized_root_gindex(fork: Fork) -> Gindex {
    if fork >= Fork::Electra { Gindex(169) } else { Gindex(105) }
}

/// `is_valid_normalized_merkle_branch`: a branch longer than the gindex's depth (a header upgraded to
/// a later fork's shape) must start with zeros; the rest is an ordinary branch.
fn valid_branch(leaf: B256, branch: &[B256], gindex: Gindex, root: B256) -> bool {
    let depth = (63 - gindex.0.leading_zeros()) as usize;
    let Some(extra) = branch.len().checked_sub(depth) else { return false };
    let (padding, branch) = branch.split_at(extra);
    if padding.iter().any(|b| !b.is_zero()) {
        return false;
    }
    let index = gindex.0 % (1 << depth);
    let mut value = leaf;
    for (i, sibling) in branch.iter().enumerate() {
        let mut h = Sha256::new();
        if (index >> i) & 1 == 1 {
            h.update(sibling);
            h.update(value);
        } else {
            h.update(value);
            h.update(sibling);
        }
        value = B256::from_slice(&h.finalize());
    }
    value == root
}

/// The store a light client keeps: what it has verified so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Store<P: Preset> {
    /// The newest header known final.
    pub finalized_header: LightClientHeader,
    /// The committee of the finalized header's period.
    pub current_sync_committee: SyncCommittee<P>,
    /// The next period's committee, once an update has proven it.
    pub next_sync_committee: Option<SyncCommittee<P>>,
    /// The best update seen that could not yet be applied (for a forced update).
    pub best_valid_update: Option<Update<P>>,
    /// The newest header signed by enough of the committee.
    pub optimistic_header: LightClientHeader,
    /// Most participants seen in the previous period.
    pub previous_max_active_participants: u64,
    /// Most participants seen in this period.
    pub current_max_active_participants: u64,
}

/// A sync-committee light client on one network.
#[derive(Debug, Clone)]
pub struct LightClient<P: Preset> {
    network: Network,
    store: Store<P>,
}

impl<P: Preset> LightClient<P> {
    /// `initialize_light_client_store`: checks the bootstrap against the trusted block root.
    pub fn bootstrap(network: Network, trusted_block_root: B256, bootstrap: Bootstrap<P>) -> Result<Self, BeaconError> {
        let header = &bootstrap.header;
        check_header::<P>(&network, header)?;
        let root = header.beacon.root();
        if root != trusted_block_root {
            return Err(BeaconError::CheckpointMismatch { expected: trusted_block_root, got: root });
        }
        let fork = network.fork_at_slot::<P>(header.beacon.slot);
        let leaf = bootstrap.current_sync_committee.root();
        if !valid_branch(leaf, &bootstrap.current_sync_committee_branch, current_sync_committee_gindex(fork), header.beacon.state_root) {
            return Err(BeaconError::Branch { what: "current_sync_committee", root: header.beacon.state_root });
        }
        let store = Store {
            finalized_header: bootstrap.header.clone(),
            current_sync_committee: bootstrap.current_sync_committee,
            next_sync_committee: None,
            best_valid_update: None,
            optimistic_header: bootstrap.header,
            previous_max_active_participants: 0,
            current_max_active_participants: 0,
        };
        Ok(Self { network, store })
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The store.
    pub fn store(&self) -> &Store<P> {
        &self.store
    }

    /// The finalized header's sync-committee period.
    pub fn period(&self) -> u64 {
        P::period_at_slot(self.store.finalized_header.beacon.slot)
    }

    /// `validate_light_client_update`.
    pub fn validate(&self, update: &Update<P>, current_slot: u64) -> Result<(), BeaconError> {
        let store = &self.store;
        let participants = update.sync_aggregate.participants();
        if participants < MIN_SYNC_COMMITTEE_PARTICIPANTS {
            return Err(BeaconError::Participation { got: participants, need: MIN_SYNC_COMMITTEE_PARTICIPANTS });
        }
        check_header::<P>(&self.network, &update.attested_header)?;
        let attested_slot = update.attested_header.beacon.slot;
        let finalized_slot = update.finalized_header.beacon.slot;
        if !(current_slot >= update.signature_slot && update.signature_slot > attested_slot && attested_slot >= finalized_slot) {
            return Err(BeaconError::Invalid(format!(
                "slots out of order: current {current_slot} >= signature {} > attested {attested_slot} >= finalized {finalized_slot} does not hold",
                update.signature_slot
            )));
        }
        let store_period = self.period();
        let signature_period = P::period_at_slot(update.signature_slot);
        let next_known = store.next_sync_committee.is_some();
        let known = signature_period == store_period || (next_known && signature_period == store_period + 1);
        if !known {
            return Err(BeaconError::UnknownPeriod { period: signature_period, store_period, next_known });
        }
        let attested_period = P::period_at_slot(attested_slot);
        let has_relevant_next = !next_known && update.has_next_sync_committee() && attested_period == store_period;
        if !(attested_slot > store.finalized_header.beacon.slot || has_relevant_next) {
            return Err(BeaconError::Stale(format!("attested slot {attested_slot} is not past the finalized slot {}", store.finalized_header.beacon.slot)));
        }
        let attested_fork = self.network.fork_at_slot::<P>(attested_slot);
        let state_root = update.attested_header.beacon.state_root;
        if !update.has_finality() {
            if !update.finalized_header.is_zero() {
                return Err(BeaconError::Invalid("a finalized header without a finality branch".into()));
            }
        } else {
            let finalized_root = if finalized_slot == 0 {
                if !update.finalized_header.is_zero() {
                    return Err(BeaconError::Invalid("a genesis finalized header must be empty".into()));
                }
                B256::ZERO
            } else {
                check_header::<P>(&self.network, &update.finalized_header)?;
                update.finalized_header.beacon.root()
            };
            if !valid_branch(finalized_root, &update.finality_branch, finalized_root_gindex(attested_fork), state_root) {
                return Err(BeaconError::Branch { what: "finality", root: state_root });
            }
        }
        if !update.has_next_sync_committee() {
            if update.next_sync_committee != SyncCommittee::default() {
                return Err(BeaconError::Invalid("a next sync committee without a branch".into()));
            }
        } else {
            if let Some(next) = store.next_sync_committee.as_ref().filter(|_| attested_period == store_period)
                && *next != update.next_sync_committee
            {
                return Err(BeaconError::Invalid("the next sync committee contradicts the one the store holds".into()));
            }
            let leaf = update.next_sync_committee.root();
            if !valid_branch(leaf, &update.next_sync_committee_branch, next_sync_committee_gindex(attested_fork), state_root) {
                return Err(BeaconError::Branch { what: "next_sync_committee", root: state_root });
            }
        }
        let committee = match &store.next_sync_committee {
            Some(next) if signature_period != store_period => next,
            _ => &store.current_sync_committee,
        };
        let signing_root = self.network.sync_committee_signing_root::<P>(update.attested_header.beacon.root(), update.signature_slot);
        let verified = bls::participants_key(committee, &update.sync_aggregate)
            .zip(bls::signature(&update.sync_aggregate.sync_committee_signature))
            .is_some_and(|(key, sig)| bls::verify_point(&key, signing_root.as_slice(), &sig));
        if !verified {
            return Err(BeaconError::Signature { slot: attested_slot });
        }
        Ok(())
    }

    /// `process_light_client_update` (finality and optimistic updates come as [`Update`]s with the
    /// missing parts zero, as the spec builds them).
    pub fn process_update(&mut self, update: &Update<P>, current_slot: u64) -> Result<(), BeaconError> {
        self.validate(update, current_slot)?;
        let participants = update.sync_aggregate.participants() as u64;
        let size = P::SyncCommitteeSize::to_u64();
        let store = &mut self.store;
        if store.best_valid_update.as_ref().is_none_or(|best| is_better_update(update, best)) {
            store.best_valid_update = Some(update.clone());
        }
        store.current_max_active_participants = store.current_max_active_participants.max(participants);
        // `get_safety_threshold`.
        let safety_threshold = store.previous_max_active_participants.max(store.current_max_active_participants) / 2;
        if participants > safety_threshold && update.attested_header.beacon.slot > store.optimistic_header.beacon.slot {
            store.optimistic_header = update.attested_header.clone();
        }
        let has_finalized_next = store.next_sync_committee.is_none()
            && update.has_next_sync_committee()
            && update.has_finality()
            && P::period_at_slot(update.finalized_header.beacon.slot) == P::period_at_slot(update.attested_header.beacon.slot);
        if participants * 3 >= size * 2 && (update.finalized_header.beacon.slot > store.finalized_header.beacon.slot || has_finalized_next) {
            self.apply(update)?;
            self.store.best_valid_update = None;
        }
        Ok(())
    }

    /// `apply_light_client_update`.
    fn apply(&mut self, update: &Update<P>) -> Result<(), BeaconError> {
        let store_period = self.period();
        let store = &mut self.store;
        let finalized_period = P::period_at_slot(update.finalized_header.beacon.slot);
        // `is_next_sync_committee_known`: a zero committee is an unknown one.
        let update_next = Some(update.next_sync_committee.clone()).filter(|c| *c != SyncCommittee::default());
        match store.next_sync_committee.take() {
            None => {
                if finalized_period != store_period {
                    return Err(BeaconError::Invalid(format!("finalized period {finalized_period} is not the store's {store_period}")));
                }
                store.next_sync_committee = update_next;
            }
            Some(next) if finalized_period == store_period + 1 => {
                store.current_sync_committee = next;
                store.next_sync_committee = update_next;
                store.previous_max_active_participants = store.current_max_active_participants;
                store.current_max_active_participants = 0;
            }
            Some(next) => store.next_sync_committee = Some(next),
        }
        if update.finalized_header.beacon.slot > store.finalized_header.beacon.slot {
            store.finalized_header = update.finalized_header.clone();
            if store.finalized_header.beacon.slot > store.optimistic_header.beacon.slot {
                store.optimistic_header = store.finalized_header.clone();
            }
        }
        Ok(())
    }

    /// `process_light_client_store_force_update`: after a period without finality, the best update
    /// is applied with its attested header as finalized, so the store can move to later periods.
    pub fn force_update(&mut self, current_slot: u64) -> Result<(), BeaconError> {
        let timed_out = current_slot > self.store.finalized_header.beacon.slot.saturating_add(P::slots_per_period());
        if let Some(mut best) = self.store.best_valid_update.clone().filter(|_| timed_out) {
            if best.finalized_header.beacon.slot <= self.store.finalized_header.beacon.slot {
                best.finalized_header = best.attested_header.clone();
            }
            self.apply(&best)?;
            self.store.best_valid_update = None;
        }
        Ok(())
    }
}

/// `is_valid_light_client_header`: before Deneb no blob gas, before Capella no execution part, and
/// from Capella on the execution payload header proven into the block body.
fn check_header<P: Preset>(network: &Network, header: &LightClientHeader) -> Result<(), BeaconError> {
    let fork = network.fork_at_slot::<P>(header.beacon.slot);
    let execution = &header.execution;
    if fork < Fork::Deneb && (execution.blob_gas_used != 0 || execution.excess_blob_gas != 0) {
        return Err(BeaconError::Invalid(format!("blob gas in a {fork:?} header")));
    }
    if fork < Fork::Capella {
        return if *execution == Default::default() && header.execution_branch.iter().all(|b| b.is_zero()) {
            Ok(())
        } else {
            Err(BeaconError::Invalid(format!("an execution payload in a {fork:?} header")))
        };
    }
    if !valid_branch(execution_root(fork, header), &header.execution_branch, EXECUTION_PAYLOAD, header.beacon.body_root) {
        return Err(BeaconError::Branch { what: "execution payload", root: header.beacon.body_root });
    }
    Ok(())
}

/// `get_lc_execution_root`: the execution payload header's root in the shape of the header's fork.
pub fn execution_root(fork: Fork, header: &LightClientHeader) -> B256 {
    match fork {
        Fork::Phase0 | Fork::Altair | Fork::Bellatrix => B256::ZERO,
        Fork::Capella => header.execution.capella_root(),
        _ => header.execution.tree_hash_root(),
    }
}

/// `is_better_update`: which of two valid updates a store keeps for a forced update.
fn is_better_update<P: Preset>(new: &Update<P>, old: &Update<P>) -> bool {
    let max = P::SyncCommitteeSize::to_usize();
    let (new_n, old_n) = (new.sync_aggregate.participants(), old.sync_aggregate.participants());
    let (new_super, old_super) = (new_n * 3 >= max * 2, old_n * 3 >= max * 2);
    if new_super != old_super {
        return new_super;
    }
    if !new_super && new_n != old_n {
        return new_n > old_n;
    }
    let relevant = |u: &Update<P>| u.has_next_sync_committee() && P::period_at_slot(u.attested_header.beacon.slot) == P::period_at_slot(u.signature_slot);
    if relevant(new) != relevant(old) {
        return relevant(new);
    }
    if new.has_finality() != old.has_finality() {
        return new.has_finality();
    }
    if new.has_finality() {
        let committee_final = |u: &Update<P>| P::period_at_slot(u.finalized_header.beacon.slot) == P::period_at_slot(u.attested_header.beacon.slot);
        if committee_final(new) != committee_final(old) {
            return committee_final(new);
        }
    }
    if new_n != old_n {
        return new_n > old_n;
    }
    if new.attested_header.beacon.slot != old.attested_header.beacon.slot {
        return new.attested_header.beacon.slot < old.attested_header.beacon.slot;
    }
    new.signature_slot < old.signature_slot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_depth_follows_the_gindex_and_padding_must_be_zero() {
        let leaf = B256::repeat_byte(1);
        let sibling = B256::repeat_byte(2);
        let root = B256::from_slice(&Sha256::new().chain_update(sibling).chain_update(leaf).finalize());
        assert!(valid_branch(leaf, &[sibling], Gindex(3), root));
        assert!(valid_branch(leaf, &[B256::ZERO, sibling], Gindex(3), root));
        assert!(!valid_branch(leaf, &[B256::repeat_byte(9), sibling], Gindex(3), root));
        assert!(!valid_branch(leaf, &[], Gindex(3), root));
        assert!(!valid_branch(leaf, &[sibling], Gindex(2), root));
    }
}
