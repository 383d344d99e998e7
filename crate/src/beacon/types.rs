//! The consensus containers the light client reads, as SSZ (sigp's `ethereum_ssz` / `tree_hash`
//! derives) and as the beacon API's JSON (quoted integers, hex bytes).

use super::network::Preset;
use crate::hash::{sha256_each, sha256_merkle_root};
use alloy_primitives::{Address, B256, FixedBytes, U256};
use serde::{Deserialize, Serialize};
use ssz_derive::{Decode, Encode};
use ssz_types::typenum::{U32, U256 as N256};
use ssz_types::{BitVector, FixedVector, VariableList};
use tree_hash::TreeHash;
use tree_hash_derive::TreeHash;

/// A compressed BLS12-381 public key (G1).
pub type BlsPublicKey = FixedBytes<48>;
/// A compressed BLS12-381 signature (G2).
pub type BlsSignature = FixedBytes<96>;

/// `BeaconBlockHeader`: its root is what a sync committee signs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode, TreeHash, Serialize, Deserialize)]
pub struct BeaconBlockHeader {
    /// Slot.
    #[serde(with = "serde_utils::quoted_u64")]
    pub slot: u64,
    /// Proposer's validator index.
    #[serde(with = "serde_utils::quoted_u64")]
    pub proposer_index: u64,
    /// Parent block root.
    pub parent_root: B256,
    /// Beacon state root: committees and finality are proven against it.
    pub state_root: B256,
    /// Block body root: the execution payload is proven against it.
    pub body_root: B256,
}

impl BeaconBlockHeader {
    /// `hash_tree_root`: the beacon block root.
    pub fn root(&self) -> B256 {
        self.tree_hash_root()
    }
}

/// `SyncCommittee`: the keys that sign one period's headers, and their aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TreeHash, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct SyncCommittee<P: Preset> {
    /// Members' keys, in committee order (duplicates allowed).
    pub pubkeys: FixedVector<BlsPublicKey, P::SyncCommitteeSize>,
    /// The sum of `pubkeys`.
    pub aggregate_pubkey: BlsPublicKey,
}

impl<P: Preset> SyncCommittee<P> {
    /// `hash_tree_root`, as the derived `tree_hash_root` computes it (tested equal) but with each tree
    /// level hashed in one batch: four lanes at a time on simd128.
    pub fn root(&self) -> B256 {
        // A 48-byte key is two chunks, the second zero-padded: one 64-byte SHA-256 message.
        let chunks = |key: &BlsPublicKey| {
            let mut message = [0u8; 64];
            message[..48].copy_from_slice(key.as_slice());
            message
        };
        let keys: Vec<[u8; 64]> = self.pubkeys.iter().chain([&self.aggregate_pubkey]).map(chunks).collect();
        let mut leaves = sha256_each(&keys);
        let aggregate = leaves.pop().unwrap_or_default();
        // Presets size committees by powers of two; should one not, the derived root is the answer.
        let Some(pubkeys) = sha256_merkle_root(leaves) else { return self.tree_hash_root() };
        let mut pair = [0u8; 64];
        pair[..32].copy_from_slice(pubkeys.as_slice());
        pair[32..].copy_from_slice(aggregate.as_slice());
        sha256_each(&[pair]).pop().unwrap_or_default()
    }
}

impl<P: Preset> Default for SyncCommittee<P> {
    fn default() -> Self {
        Self { pubkeys: FixedVector::default(), aggregate_pubkey: BlsPublicKey::ZERO }
    }
}

/// `SyncAggregate`: which members signed, and their aggregate signature.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TreeHash, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct SyncAggregate<P: Preset> {
    /// One bit per committee member.
    pub sync_committee_bits: BitVector<P::SyncCommitteeSize>,
    /// `FastAggregateVerify` signature over the attested header's signing root.
    pub sync_committee_signature: BlsSignature,
}

impl<P: Preset> SyncAggregate<P> {
    /// How many members signed.
    pub fn participants(&self) -> usize {
        self.sync_committee_bits.num_set_bits()
    }
}

/// `ExecutionPayloadHeader` from Deneb on (Electra and Fulu keep it); Capella's lacks the blob fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode, TreeHash, Serialize, Deserialize)]
pub struct ExecutionPayloadHeader {
    /// Execution parent hash.
    pub parent_hash: B256,
    /// Fee recipient.
    pub fee_recipient: Address,
    /// Execution state root: what account proofs are checked against.
    pub state_root: B256,
    /// Receipts root.
    pub receipts_root: B256,
    /// Logs bloom.
    #[serde(with = "ssz_types::serde_utils::hex_fixed_vec")]
    pub logs_bloom: FixedVector<u8, N256>,
    /// `prevRandao` (`mixHash`).
    pub prev_randao: B256,
    /// Execution block number.
    #[serde(with = "serde_utils::quoted_u64")]
    pub block_number: u64,
    /// Gas limit.
    #[serde(with = "serde_utils::quoted_u64")]
    pub gas_limit: u64,
    /// Gas used.
    #[serde(with = "serde_utils::quoted_u64")]
    pub gas_used: u64,
    /// Timestamp.
    #[serde(with = "serde_utils::quoted_u64")]
    pub timestamp: u64,
    /// Extra data.
    #[serde(with = "ssz_types::serde_utils::hex_var_list")]
    pub extra_data: VariableList<u8, U32>,
    /// Base fee.
    #[serde(with = "serde_utils::quoted_u256")]
    pub base_fee_per_gas: U256,
    /// The execution block hash: what links the beacon chain to execution headers.
    pub block_hash: B256,
    /// Transactions root.
    pub transactions_root: B256,
    /// Withdrawals root.
    pub withdrawals_root: B256,
    /// Blob gas used (Deneb on).
    #[serde(default, with = "serde_utils::quoted_u64")]
    pub blob_gas_used: u64,
    /// Excess blob gas (Deneb on).
    #[serde(default, with = "serde_utils::quoted_u64")]
    pub excess_blob_gas: u64,
}

/// Capella's `ExecutionPayloadHeader`: the Deneb fields less the blob gas.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode, TreeHash, Serialize, Deserialize)]
pub struct ExecutionPayloadHeaderCapella {
    /// Execution parent hash.
    pub parent_hash: B256,
    /// Fee recipient.
    pub fee_recipient: Address,
    /// Execution state root.
    pub state_root: B256,
    /// Receipts root.
    pub receipts_root: B256,
    /// Logs bloom.
    #[serde(with = "ssz_types::serde_utils::hex_fixed_vec")]
    pub logs_bloom: FixedVector<u8, N256>,
    /// `prevRandao`.
    pub prev_randao: B256,
    /// Execution block number.
    #[serde(with = "serde_utils::quoted_u64")]
    pub block_number: u64,
    /// Gas limit.
    #[serde(with = "serde_utils::quoted_u64")]
    pub gas_limit: u64,
    /// Gas used.
    #[serde(with = "serde_utils::quoted_u64")]
    pub gas_used: u64,
    /// Timestamp.
    #[serde(with = "serde_utils::quoted_u64")]
    pub timestamp: u64,
    /// Extra data.
    #[serde(with = "ssz_types::serde_utils::hex_var_list")]
    pub extra_data: VariableList<u8, U32>,
    /// Base fee.
    #[serde(with = "serde_utils::quoted_u256")]
    pub base_fee_per_gas: U256,
    /// Execution block hash.
    pub block_hash: B256,
    /// Transactions root.
    pub transactions_root: B256,
    /// Withdrawals root.
    pub withdrawals_root: B256,
}

impl From<ExecutionPayloadHeaderCapella> for ExecutionPayloadHeader {
    fn from(h: ExecutionPayloadHeaderCapella) -> Self {
        Self {
            parent_hash: h.parent_hash,
            fee_recipient: h.fee_recipient,
            state_root: h.state_root,
            receipts_root: h.receipts_root,
            logs_bloom: h.logs_bloom,
            prev_randao: h.prev_randao,
            block_number: h.block_number,
            gas_limit: h.gas_limit,
            gas_used: h.gas_used,
            timestamp: h.timestamp,
            extra_data: h.extra_data,
            base_fee_per_gas: h.base_fee_per_gas,
            block_hash: h.block_hash,
            transactions_root: h.transactions_root,
            withdrawals_root: h.withdrawals_root,
            blob_gas_used: 0,
            excess_blob_gas: 0,
        }
    }
}

impl ExecutionPayloadHeader {
    /// The root in Capella's shape (`get_lc_execution_root` for a Capella-epoch header).
    pub fn capella_root(&self) -> B256 {
        ExecutionPayloadHeaderCapella {
            parent_hash: self.parent_hash,
            fee_recipient: self.fee_recipient,
            state_root: self.state_root,
            receipts_root: self.receipts_root,
            logs_bloom: self.logs_bloom.clone(),
            prev_randao: self.prev_randao,
            block_number: self.block_number,
            gas_limit: self.gas_limit,
            gas_used: self.gas_used,
            timestamp: self.timestamp,
            extra_data: self.extra_data.clone(),
            base_fee_per_gas: self.base_fee_per_gas,
            block_hash: self.block_hash,
            transactions_root: self.transactions_root,
            withdrawals_root: self.withdrawals_root,
        }
        .tree_hash_root()
    }
}

/// `LightClientHeader` of every fork in one shape: Altair's has no execution part (empty branch),
/// Capella's has no blob fields (zero here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode, Serialize, Deserialize)]
pub struct LightClientHeader {
    /// The beacon block header.
    pub beacon: BeaconBlockHeader,
    /// The execution payload header (Capella on).
    pub execution: ExecutionPayloadHeader,
    /// Its branch to `beacon.body_root` (Capella on; empty before).
    pub execution_branch: Vec<B256>,
}

impl LightClientHeader {
    /// Whether this is the zero header (`LightClientHeader()`), whatever the branch's length.
    pub fn is_zero(&self) -> bool {
        self.beacon == BeaconBlockHeader::default() && self.execution == ExecutionPayloadHeader::default() && self.execution_branch.iter().all(|b| b.is_zero())
    }
}

/// `LightClientBootstrap`: the header a trusted root names, and its current committee.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Bootstrap<P: Preset> {
    /// The header whose root is the checkpoint.
    pub header: LightClientHeader,
    /// The committee of the header's period.
    pub current_sync_committee: SyncCommittee<P>,
    /// Its branch to `header.beacon.state_root`.
    pub current_sync_committee_branch: Vec<B256>,
}

/// `LightClientUpdate`; finality and optimistic updates are this with the missing parts zero.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Update<P: Preset> {
    /// The header the committee signed.
    pub attested_header: LightClientHeader,
    /// The next period's committee (zero when absent).
    pub next_sync_committee: SyncCommittee<P>,
    /// Its branch to the attested state root (all zero when absent).
    pub next_sync_committee_branch: Vec<B256>,
    /// The finalized header the attested state points to (zero when absent).
    pub finalized_header: LightClientHeader,
    /// Its branch to the attested state root (all zero when absent).
    pub finality_branch: Vec<B256>,
    /// Who signed, and the signature.
    pub sync_aggregate: SyncAggregate<P>,
    /// The slot the signature was made in.
    pub signature_slot: u64,
}

impl<P: Preset> Update<P> {
    /// `is_sync_committee_update`: the next-committee branch is not all zero.
    pub fn has_next_sync_committee(&self) -> bool {
        self.next_sync_committee_branch.iter().any(|b| !b.is_zero())
    }

    /// `is_finality_update`: the finality branch is not all zero.
    pub fn has_finality(&self) -> bool {
        self.finality_branch.iter().any(|b| !b.is_zero())
    }
}
