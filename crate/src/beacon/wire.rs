//! Light-client data as servers send it, decoded into the fork-independent types of
//! [`super::types`]. SSZ has each fork's own layout (branch depths and header fields differ), so it
//! is decoded by each fork's container. JSON names its fields, so one shape holding every fork's
//! fields is decoded and then checked against the fork: one deserializer in the wasm instead of one
//! per fork shape and kind (they were 83 KB of the first module's code). Branch lengths are checked
//! here; every field a fork has is bound by the branches the store checks.

use super::error::BeaconError;
use super::json::{self, Fields};
use super::network::{Fork, Network, Preset};
use super::types::{BeaconBlockHeader, Bootstrap, ExecutionPayloadHeader, ExecutionPayloadHeaderCapella, LightClientHeader, SyncAggregate, SyncCommittee, Update};
use alloy_primitives::B256;
use ssz::Decode;
use ssz_derive::Decode;
use ssz_types::FixedVector;
use ssz_types::typenum::{U4, U5, U6, U7, Unsigned};

/// `execution_branch`'s depth in every fork that has one.
const EXECUTION_DEPTH: usize = 4;

/// What a fork's `LightClientHeader` holds besides the beacon header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Execution {
    /// Nothing (Altair, Bellatrix).
    None,
    /// Capella's execution payload header, without blob gas.
    Capella,
    /// Deneb's, with blob gas (Electra and Fulu keep it).
    Deneb,
}

/// A fork's `LightClientHeader` in SSZ.
trait WireHeader: Decode + Into<LightClientHeader> {
    const EXECUTION: Execution;
}

#[derive(Decode)]
struct HeaderAltair {
    beacon: BeaconBlockHeader,
}

#[derive(Decode)]
struct HeaderCapella {
    beacon: BeaconBlockHeader,
    execution: ExecutionPayloadHeaderCapella,
    execution_branch: FixedVector<B256, U4>,
}

#[derive(Decode)]
struct HeaderDeneb {
    beacon: BeaconBlockHeader,
    execution: ExecutionPayloadHeader,
    execution_branch: FixedVector<B256, U4>,
}

impl WireHeader for HeaderAltair {
    const EXECUTION: Execution = Execution::None;
}
impl WireHeader for HeaderCapella {
    const EXECUTION: Execution = Execution::Capella;
}
impl WireHeader for HeaderDeneb {
    const EXECUTION: Execution = Execution::Deneb;
}

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

#[derive(Decode)]
struct SszBootstrap<P: Preset, H: WireHeader, CB: Unsigned> {
    header: H,
    current_sync_committee: SyncCommittee<P>,
    current_sync_committee_branch: FixedVector<B256, CB>,
}

#[derive(Decode)]
struct SszUpdate<P: Preset, H: WireHeader, CB: Unsigned, FB: Unsigned> {
    attested_header: H,
    next_sync_committee: SyncCommittee<P>,
    next_sync_committee_branch: FixedVector<B256, CB>,
    finalized_header: H,
    finality_branch: FixedVector<B256, FB>,
    sync_aggregate: SyncAggregate<P>,
    signature_slot: u64,
}

#[derive(Decode)]
struct SszFinalityUpdate<P: Preset, H: WireHeader, FB: Unsigned> {
    attested_header: H,
    finalized_header: H,
    finality_branch: FixedVector<B256, FB>,
    sync_aggregate: SyncAggregate<P>,
    signature_slot: u64,
}

#[derive(Decode)]
struct SszOptimisticUpdate<P: Preset, H: WireHeader> {
    attested_header: H,
    sync_aggregate: SyncAggregate<P>,
    signature_slot: u64,
}

impl<P: Preset, H: WireHeader, CB: Unsigned> From<SszBootstrap<P, H, CB>> for Bootstrap<P> {
    fn from(b: SszBootstrap<P, H, CB>) -> Self {
        Self { header: b.header.into(), current_sync_committee: b.current_sync_committee, current_sync_committee_branch: b.current_sync_committee_branch.into() }
    }
}

impl<P: Preset, H: WireHeader, CB: Unsigned, FB: Unsigned> From<SszUpdate<P, H, CB, FB>> for Update<P> {
    fn from(u: SszUpdate<P, H, CB, FB>) -> Self {
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

impl<P: Preset, H: WireHeader, FB: Unsigned> From<SszFinalityUpdate<P, H, FB>> for Update<P> {
    fn from(u: SszFinalityUpdate<P, H, FB>) -> Self {
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

impl<P: Preset, H: WireHeader> From<SszOptimisticUpdate<P, H>> for Update<P> {
    fn from(u: SszOptimisticUpdate<P, H>) -> Self {
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

/// Every fork's `LightClientHeader` in JSON: the parts a fork lacks are optional here and ignored
/// by [`JsonHeader::shaped`], as each fork's own container ignored them.
struct JsonHeader {
    beacon: BeaconBlockHeader,
    execution: Option<ExecutionPayloadHeader>,
    execution_branch: Option<Vec<B256>>,
}

impl JsonHeader {
    fn read(f: &Fields) -> Result<Self, BeaconError> {
        Ok(Self {
            beacon: json::beacon_header(&f.object("beacon")?)?,
            execution: f.optional("execution").map(|_| json::execution(&f.object("execution")?)).transpose()?,
            execution_branch: f.optional("execution_branch").map(|nodes| f.nodes("execution_branch", nodes)).transpose()?,
        })
    }
}

/// A fork's light-client shape, for checking JSON: its header's execution part and its branch depths.
#[derive(Debug, Clone, Copy)]
struct Shape {
    execution: Execution,
    committee_depth: usize,
    finality_depth: usize,
}

impl JsonHeader {
    /// The header in `execution`'s shape: Capella's carries no blob gas, Altair's no execution part.
    fn shaped(self, execution: Execution, what: &str) -> Result<LightClientHeader, BeaconError> {
        let mut header = LightClientHeader { beacon: self.beacon, ..LightClientHeader::default() };
        if execution == Execution::None {
            return Ok(header);
        }
        header.execution = required(self.execution, what, "execution")?;
        if execution == Execution::Capella {
            header.execution.blob_gas_used = 0;
            header.execution.excess_blob_gas = 0;
        }
        header.execution_branch = branch(self.execution_branch, what, "execution_branch", EXECUTION_DEPTH)?;
        Ok(header)
    }
}

fn required<T>(field: Option<T>, what: &str, name: &str) -> Result<T, BeaconError> {
    field.ok_or_else(|| BeaconError::Decode(format!("{what} (JSON): no `{name}`")))
}

/// A branch of exactly `depth` nodes.
fn branch(nodes: Option<Vec<B256>>, what: &str, name: &str, depth: usize) -> Result<Vec<B256>, BeaconError> {
    let nodes = required(nodes, what, name)?;
    if nodes.len() != depth {
        return Err(BeaconError::Decode(format!("{what} (JSON): `{name}` has {} nodes where this fork's has {depth}", nodes.len())));
    }
    Ok(nodes)
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

fn ssz<T: Decode, M: From<T>>(what: &str, bytes: &[u8]) -> Result<M, BeaconError> {
    T::from_ssz_bytes(bytes).map(M::from).map_err(|e| BeaconError::Decode(format!("{what} (SSZ): {e:?}")))
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

/// `fork`'s shape, read off its SSZ containers so the two encodings cannot disagree.
fn shape(fork: Fork) -> Result<Shape, BeaconError> {
    by_fork!(fork, |H, CB, FB| Ok(Shape { execution: H::EXECUTION, committee_depth: CB::USIZE, finality_depth: FB::USIZE }))
}

fn bootstrap_json_of<P: Preset>(fork: Fork, value: &serde_json::Value) -> Result<Bootstrap<P>, BeaconError> {
    let shape = shape(fork)?;
    let f = Fields::of("bootstrap", value)?;
    let branch_nodes = f.optional("current_sync_committee_branch").map(|nodes| f.nodes("current_sync_committee_branch", nodes)).transpose()?;
    Ok(Bootstrap {
        header: JsonHeader::read(&f.object("header")?)?.shaped(shape.execution, "bootstrap")?,
        current_sync_committee: json::sync_committee(&f.object("current_sync_committee")?)?,
        current_sync_committee_branch: branch(branch_nodes, "bootstrap", "current_sync_committee_branch", shape.committee_depth)?,
    })
}

fn update_json_of<P: Preset>(fork: Fork, kind: Kind, value: &serde_json::Value) -> Result<Update<P>, BeaconError> {
    let shape = shape(fork)?;
    let what = match kind {
        Kind::Update => "update",
        Kind::FinalityUpdate => "finality update",
        Kind::OptimisticUpdate => "optimistic update",
        Kind::Bootstrap => return Err(BeaconError::Decode("a bootstrap is not an update".into())),
    };
    let f = Fields::of(what, value)?;
    let nodes = |name: &str| f.optional(name).map(|nodes| f.nodes(name, nodes)).transpose();
    let (next_sync_committee, next_sync_committee_branch) = match kind {
        Kind::Update => (json::sync_committee(&f.object("next_sync_committee")?)?, branch(nodes("next_sync_committee_branch")?, what, "next_sync_committee_branch", shape.committee_depth)?),
        Kind::FinalityUpdate => (SyncCommittee::default(), vec![B256::ZERO; shape.committee_depth]),
        _ => (SyncCommittee::default(), Vec::new()),
    };
    let (finalized_header, finality_branch) = match kind {
        Kind::Update | Kind::FinalityUpdate => (JsonHeader::read(&f.object("finalized_header")?)?.shaped(shape.execution, what)?, branch(nodes("finality_branch")?, what, "finality_branch", shape.finality_depth)?),
        _ => (LightClientHeader::default(), Vec::new()),
    };
    Ok(Update {
        attested_header: JsonHeader::read(&f.object("attested_header")?)?.shaped(shape.execution, what)?,
        next_sync_committee,
        next_sync_committee_branch,
        finalized_header,
        finality_branch,
        sync_aggregate: json::sync_aggregate(&f.object("sync_aggregate")?)?,
        signature_slot: f.u64("signature_slot")?,
    })
}

/// A bootstrap in SSZ of `fork`'s shape.
pub fn bootstrap_ssz<P: Preset>(fork: Fork, bytes: &[u8]) -> Result<Bootstrap<P>, BeaconError> {
    by_fork!(fork, |H, CB, FB| ssz::<SszBootstrap<P, H, CB>, _>("bootstrap", bytes))
}

/// An update of `kind` in SSZ of `fork`'s shape.
pub fn update_ssz<P: Preset>(fork: Fork, kind: Kind, bytes: &[u8]) -> Result<Update<P>, BeaconError> {
    by_fork!(fork, |H, CB, FB| match kind {
        Kind::Update => ssz::<SszUpdate<P, H, CB, FB>, _>("update", bytes),
        Kind::FinalityUpdate => ssz::<SszFinalityUpdate<P, H, FB>, _>("finality update", bytes),
        Kind::OptimisticUpdate => ssz::<SszOptimisticUpdate<P, H>, _>("optimistic update", bytes),
        Kind::Bootstrap => Err(BeaconError::Decode("a bootstrap is not an update".into())),
    })
}

/// The beacon API's JSON envelope `{version, data}`: the fork from `version`.
fn envelope(value: &serde_json::Value) -> Result<(Fork, &serde_json::Value), BeaconError> {
    let version = value.get("version").and_then(|v| v.as_str()).ok_or_else(|| BeaconError::Decode("no `version` in the beacon API answer".into()))?;
    let fork = Fork::from_name(version).ok_or_else(|| BeaconError::Decode(format!("unknown fork `{version}`")))?;
    let data = value.get("data").ok_or_else(|| BeaconError::Decode("no `data` in the beacon API answer".into()))?;
    Ok((fork, data))
}

/// A bootstrap from the beacon API's JSON (`{version, data}`).
pub fn bootstrap_json<P: Preset>(value: &serde_json::Value) -> Result<Bootstrap<P>, BeaconError> {
    let (fork, data) = envelope(value)?;
    bootstrap_json_of(fork, data)
}

/// An update of `kind` from the beacon API's JSON (`{version, data}`).
pub fn update_json<P: Preset>(kind: Kind, value: &serde_json::Value) -> Result<Update<P>, BeaconError> {
    let (fork, data) = envelope(value)?;
    update_json_of(fork, kind, data)
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
