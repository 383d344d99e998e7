//! Light-client data as servers send it: each fork's SSZ and JSON shape (branch depths and header
//! fields differ), decoded into the fork-independent types of [`super::types`].

use super::error::BeaconError;
use super::network::{Fork, Network, Preset};
use super::types::{BeaconBlockHeader, Bootstrap, ExecutionPayloadHeader, ExecutionPayloadHeaderCapella, LightClientHeader, SyncAggregate, SyncCommittee, Update};
use alloy_primitives::B256;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use ssz::Decode;
use ssz_derive::Decode;
use ssz_types::FixedVector;
use ssz_types::typenum::{U4, U5, U6, U7, Unsigned};

/// A fork's `LightClientHeader` on the wire.
trait WireHeader: Decode + DeserializeOwned + Into<LightClientHeader> {}

#[derive(Decode, Deserialize)]
struct HeaderAltair {
    beacon: BeaconBlockHeader,
}

#[derive(Decode, Deserialize)]
struct HeaderCapella {
    beacon: BeaconBlockHeader,
    execution: ExecutionPayloadHeaderCapella,
    execution_branch: FixedVector<B256, U4>,
}

#[derive(Decode, Deserialize)]
struct HeaderDeneb {
    beacon: BeaconBlockHeader,
    execution: ExecutionPayloadHeader,
    execution_branch: FixedVector<B256, U4>,
}

impl WireHeader for HeaderAltair {}
impl WireHeader for HeaderCapella {}
impl WireHeader for HeaderDeneb {}

impl From<HeaderAltair> for LightClientHeader {
    fn from(h: HeaderAltair) -> Self {
        Self { beacon: h.beacon, ..Self::default() }
    }
}

impl From<HeaderCapella> for LightClientHeader {
    fn from(h: HeaderCapella) -> Self {
        Self { beacon: h.beacon, execution: h.execution.into(), execution_branch: h.execution_branch.into() }
    }
}

impl From<HeaderDeneb> for LightClientHeader {
    fn from(h: HeaderDeneb) -> Self {
        Self { beacon: h.beacon, execution: h.execution, execution_branch: h.execution_branch.into() }
    }
}

#[derive(Decode, Deserialize)]
#[serde(bound = "H: DeserializeOwned")]
struct WireBootstrap<P: Preset, H: WireHeader, CB: Unsigned> {
    header: H,
    current_sync_committee: SyncCommittee<P>,
    current_sync_committee_branch: FixedVector<B256, CB>,
}

#[derive(Decode, Deserialize)]
#[serde(bound = "H: DeserializeOwned")]
struct WireUpdate<P: Preset, H: WireHeader, CB: Unsigned, FB: Unsigned> {
    attested_header: H,
    next_sync_committee: SyncCommittee<P>,
    next_sync_committee_branch: FixedVector<B256, CB>,
    finalized_header: H,
    finality_branch: FixedVector<B256, FB>,
    sync_aggregate: SyncAggregate<P>,
    #[serde(with = "serde_utils::quoted_u64")]
    signature_slot: u64,
}

#[derive(Decode, Deserialize)]
#[serde(bound = "H: DeserializeOwned")]
struct WireFinalityUpdate<P: Preset, H: WireHeader, FB: Unsigned> {
    attested_header: H,
    finalized_header: H,
    finality_branch: FixedVector<B256, FB>,
    sync_aggregate: SyncAggregate<P>,
    #[serde(with = "serde_utils::quoted_u64")]
    signature_slot: u64,
}

#[derive(Decode, Deserialize)]
#[serde(bound = "H: DeserializeOwned")]
struct WireOptimisticUpdate<P: Preset, H: WireHeader> {
    attested_header: H,
    sync_aggregate: SyncAggregate<P>,
    #[serde(with = "serde_utils::quoted_u64")]
    signature_slot: u64,
}

impl<P: Preset, H: WireHeader, CB: Unsigned> From<WireBootstrap<P, H, CB>> for Bootstrap<P> {
    fn from(b: WireBootstrap<P, H, CB>) -> Self {
        Self { header: b.header.into(), current_sync_committee: b.current_sync_committee, current_sync_committee_branch: b.current_sync_committee_branch.into() }
    }
}

impl<P: Preset, H: WireHeader, CB: Unsigned, FB: Unsigned> From<WireUpdate<P, H, CB, FB>> for Update<P> {
    fn from(u: WireUpdate<P, H, CB, FB>) -> Self {
        Self {
            attested_header: u.attested_header.into(),
            next_sync_committee: u.next_sync_committee,
            next_sync_committee_branch: u.next_sync_committee_branch.into(),
            finalized_header: u.finalized_header.into(),
            finality_branch: u.finality_branch.into(),
            sync_aggregate: u.sync_aggregate,
            signature_slot: u.signature_slot,
        }
    }
}

impl<P: Preset, H: WireHeader, FB: Unsigned> From<WireFinalityUpdate<P, H, FB>> for Update<P> {
    fn from(u: WireFinalityUpdate<P, H, FB>) -> Self {
        Self {
            attested_header: u.attested_header.into(),
            next_sync_committee: SyncCommittee::default(),
            next_sync_committee_branch: vec![B256::ZERO; FB::USIZE - 1],
            finalized_header: u.finalized_header.into(),
            finality_branch: u.finality_branch.into(),
            sync_aggregate: u.sync_aggregate,
            signature_slot: u.signature_slot,
        }
    }
}

impl<P: Preset, H: WireHeader> From<WireOptimisticUpdate<P, H>> for Update<P> {
    fn from(u: WireOptimisticUpdate<P, H>) -> Self {
        Self {
            attested_header: u.attested_header.into(),
            next_sync_committee: SyncCommittee::default(),
            next_sync_committee_branch: Vec::new(),
            finalized_header: LightClientHeader::default(),
            finality_branch: Vec::new(),
            sync_aggregate: u.sync_aggregate,
            signature_slot: u.signature_slot,
        }
    }
}

/// The kinds of light-client object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `LightClientBootstrap`.
    Bootstrap,
    /// `LightClientUpdate`.
    Update,
    /// `LightClientFinalityUpdate`.
    FinalityUpdate,
    /// `LightClientOptimisticUpdate`.
    OptimisticUpdate,
}

/// Bytes in one of two encodings.
enum Encoded<'a> {
    Ssz(&'a [u8]),
    Json(serde_json::Value),
}

fn decode<T: Decode + DeserializeOwned, M: From<T>>(what: &str, data: Encoded<'_>) -> Result<M, BeaconError> {
    match data {
        Encoded::Ssz(bytes) => T::from_ssz_bytes(bytes).map(M::from).map_err(|e| BeaconError::Decode(format!("{what} (SSZ): {e:?}"))),
        #[cfg(feature = "full")]
        Encoded::Json(value) => serde_path_to_error::deserialize::<_, T>(value)
            .map(M::from)
            .map_err(|e| BeaconError::Decode(format!("{what} (JSON) at `{}`: {}", e.path(), e.inner()))),
        // Without paths, as `crate::json::parse` in the first module.
        #[cfg(not(feature = "full"))]
        Encoded::Json(value) => T::deserialize(value).map(M::from).map_err(|e| BeaconError::Decode(format!("{what} (JSON): {e}"))),
    }
}

/// Picks the wire shape for `fork`: `$h` the header, `$cb` the committee branch depth, `$fb` the
/// finality branch depth.
macro_rules! by_fork {
    ($fork:expr, |$h:ident, $cb:ident, $fb:ident| $body:expr) => {
        match $fork {
            Fork::Phase0 => Err(BeaconError::Decode("there is no light-client data before Altair".into())),
            Fork::Altair | Fork::Bellatrix => {
                #[allow(dead_code)]
                type $h = HeaderAltair;
                #[allow(dead_code)]
                type $cb = U5;
                #[allow(dead_code)]
                type $fb = U6;
                $body
            }
            Fork::Capella => {
                #[allow(dead_code)]
                type $h = HeaderCapella;
                #[allow(dead_code)]
                type $cb = U5;
                #[allow(dead_code)]
                type $fb = U6;
                $body
            }
            Fork::Deneb => {
                #[allow(dead_code)]
                type $h = HeaderDeneb;
                #[allow(dead_code)]
                type $cb = U5;
                #[allow(dead_code)]
                type $fb = U6;
                $body
            }
            Fork::Electra | Fork::Fulu => {
                #[allow(dead_code)]
                type $h = HeaderDeneb;
                #[allow(dead_code)]
                type $cb = U6;
                #[allow(dead_code)]
                type $fb = U7;
                $body
            }
        }
    };
}

fn bootstrap_of<P: Preset>(fork: Fork, data: Encoded<'_>) -> Result<Bootstrap<P>, BeaconError> {
    by_fork!(fork, |H, CB, FB| decode::<WireBootstrap<P, H, CB>, _>("bootstrap", data))
}

fn update_of<P: Preset>(fork: Fork, kind: Kind, data: Encoded<'_>) -> Result<Update<P>, BeaconError> {
    by_fork!(fork, |H, CB, FB| match kind {
        Kind::Update => decode::<WireUpdate<P, H, CB, FB>, _>("update", data),
        Kind::FinalityUpdate => decode::<WireFinalityUpdate<P, H, FB>, _>("finality update", data),
        Kind::OptimisticUpdate => decode::<WireOptimisticUpdate<P, H>, _>("optimistic update", data),
        Kind::Bootstrap => Err(BeaconError::Decode("a bootstrap is not an update".into())),
    })
}

/// A bootstrap in SSZ of `fork`'s shape.
pub fn bootstrap_ssz<P: Preset>(fork: Fork, bytes: &[u8]) -> Result<Bootstrap<P>, BeaconError> {
    bootstrap_of(fork, Encoded::Ssz(bytes))
}

/// An update of `kind` in SSZ of `fork`'s shape.
pub fn update_ssz<P: Preset>(fork: Fork, kind: Kind, bytes: &[u8]) -> Result<Update<P>, BeaconError> {
    update_of(fork, kind, Encoded::Ssz(bytes))
}

/// The beacon API's JSON envelope `{version, data}`: the fork from `version`.
fn envelope(value: &serde_json::Value) -> Result<(Fork, serde_json::Value), BeaconError> {
    let version = value.get("version").and_then(|v| v.as_str()).ok_or_else(|| BeaconError::Decode("no `version` in the beacon API answer".into()))?;
    let fork = Fork::from_name(version).ok_or_else(|| BeaconError::Decode(format!("unknown fork `{version}`")))?;
    let data = value.get("data").cloned().ok_or_else(|| BeaconError::Decode("no `data` in the beacon API answer".into()))?;
    Ok((fork, data))
}

/// A bootstrap from the beacon API's JSON (`{version, data}`).
pub fn bootstrap_json<P: Preset>(value: &serde_json::Value) -> Result<Bootstrap<P>, BeaconError> {
    let (fork, data) = envelope(value)?;
    bootstrap_of(fork, Encoded::Json(data))
}

/// An update of `kind` from the beacon API's JSON (`{version, data}`).
pub fn update_json<P: Preset>(kind: Kind, value: &serde_json::Value) -> Result<Update<P>, BeaconError> {
    let (fork, data) = envelope(value)?;
    update_of(fork, kind, Encoded::Json(data))
}

/// The `updates` endpoint's SSZ answer: each item framed as an 8-byte little-endian length (fork
/// digest plus SSZ), the 4-byte fork digest, then the SSZ. The shape follows the digest where the
/// network knows it, and the attested header's slot otherwise (Fulu's digests mix in blob limits).
pub fn updates_ssz<P: Preset>(network: &Network, mut bytes: &[u8], max: usize) -> Result<Vec<Update<P>>, BeaconError> {
    let mut updates = Vec::new();
    while !bytes.is_empty() {
        if updates.len() >= max {
            return Err(BeaconError::Decode(format!("more than the {max} updates asked for")));
        }
        let (len, rest) = bytes.split_first_chunk::<8>().ok_or_else(|| BeaconError::Decode("truncated update length".into()))?;
        let len = usize::try_from(u64::from_le_bytes(*len)).unwrap_or(usize::MAX);
        if len < 4 || len > rest.len() {
            return Err(BeaconError::Decode(format!("update length {len} with {} bytes left", rest.len())));
        }
        let (item, tail) = rest.split_at(len);
        let (digest, ssz) = item.split_at(4);
        let digest = [digest[0], digest[1], digest[2], digest[3]];
        let fork = match network.fork_of_digest(digest) {
            Some(fork) => fork,
            None => network.fork_at_slot::<P>(peek_first_header_slot(ssz)?),
        };
        updates.push(update_ssz(fork, Kind::Update, ssz)?);
        bytes = tail;
    }
    Ok(updates)
}

/// The slot of the header that opens a bootstrap's or an update's SSZ: the first field is an offset
/// (the header is variable-size from Capella on) or, for Altair, the header itself.
pub fn peek_first_header_slot(ssz: &[u8]) -> Result<u64, BeaconError> {
    let word = |at: usize, n: usize| ssz.get(at..at + n).ok_or_else(|| BeaconError::Decode("update too short".into()));
    let offset = u32::from_le_bytes(word(0, 4)?.try_into().unwrap_or_default()) as usize;
    let at = if offset < ssz.len() && offset >= 4 { offset } else { 0 };
    Ok(u64::from_le_bytes(word(at, 8)?.try_into().unwrap_or_default()))
}
