//! Metis's StateCommitmentChain on L1: batches of L2 state roots, each stored as the hash of its
//! batch header in a `ChainStorageContainer` (`Lib_Buffer` per L2 chain id). A state root proven to
//! sit in a batch whose header hash is proven in the container's storage, against a verified L1
//! header, is committed on L1; it is final once the batch is older than the fraud-proof window.
//!
//! Storage (MetisProtocol/mvm `ChainStorageContainer.sol`, `Lib_Buffer.sol`): slot 0
//! `libAddressManager`, slot 1 `owner`, slot 2 `mapping(uint256 chainId => Buffer)`; a `Buffer` is
//! `{bytes32 context; mapping(uint256 => bytes32) buf}`, the context's low 40 bits being the batch
//! count. Deleted batches keep their `buf` entries, so an index must be below that count.

use super::merkle;
use crate::error::{Error, Result};
use alloy_primitives::{B256, Bytes, LogData, U256, keccak256};
use alloy_sol_types::{SolEvent, SolValue, sol};

sol! {
    /// The StateCommitmentChain's event for each appended batch (MetisProtocol/mvm
    /// `StateCommitmentChain.sol`): the batch header, with the L2 chain id.
    event StateBatchAppended(uint256 indexed chainId, uint256 indexed batchIndex, bytes32 batchRoot, uint256 batchSize, uint256 prevTotalElements, bytes extraData);
}

/// The container's `buffers` mapping slot.
const BUFFERS_SLOT: u64 = 2;

/// `Lib_OVMCodec.ChainBatchHeader`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchHeader {
    /// Position of the batch in the chain's list.
    pub batch_index: u64,
    /// `Lib_MerkleTree` root of the batch's state roots.
    pub batch_root: B256,
    /// How many state roots the batch holds.
    pub batch_size: u64,
    /// State roots committed before this batch.
    pub prev_total_elements: u64,
    /// `abi.encode(timestamp, proposer[, lastBlockHash, lastBlockNumber])`.
    pub extra_data: Bytes,
}

impl BatchHeader {
    /// `Lib_OVMCodec.hashBatchHeader`: `keccak256(abi.encode(batchRoot, batchSize, prevTotalElements, extraData))`.
    pub fn hash(&self) -> B256 {
        let encoded = (self.batch_root, U256::from(self.batch_size), U256::from(self.prev_total_elements), self.extra_data.clone()).abi_encode_params();
        keccak256(encoded)
    }

    /// When the batch was appended (the first word of `extraData`, 0x40 or 0x80 bytes long).
    pub fn timestamp(&self) -> Option<u64> {
        if self.extra_data.len() != 0x40 && self.extra_data.len() != 0x80 {
            return None;
        }
        let word = U256::from_be_slice(self.extra_data.get(..32)?);
        u64::try_from(word).ok().filter(|t| *t != 0)
    }
}

/// Slot of `buffers[chain_id].context` in the container.
pub fn context_slot(chain_id: u64) -> B256 {
    keccak256([U256::from(chain_id).to_be_bytes::<32>(), U256::from(BUFFERS_SLOT).to_be_bytes::<32>()].concat())
}

/// Slot of `buffers[chain_id].buf[index]`: the hash of batch `index`'s header.
pub fn batch_slot(chain_id: u64, index: u64) -> B256 {
    let buf = U256::from_be_bytes(context_slot(chain_id).0).wrapping_add(U256::from(1));
    keccak256([U256::from(index).to_be_bytes::<32>(), buf.to_be_bytes::<32>()].concat())
}

/// The batch count held in a buffer context word.
pub fn batch_count(context: U256) -> u64 {
    (context & U256::from(0xff_ffff_ffffu64)).to::<u64>()
}

/// What a proven commitment says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Commitment {
    /// The L2 element (state root) position across all batches.
    pub element_index: u64,
    /// The batch holding it.
    pub batch_index: u64,
    /// When the batch was appended on L1.
    pub appended_at: u64,
    /// Whether the fraud-proof window has passed at the L1 header's time.
    pub past_fraud_window: bool,
}

/// What is checked: the container's slots (already proven against a verified L1 state root), the
/// batch header, and the state root's place in the batch.
#[derive(Debug, Clone, Copy)]
pub struct CommitmentProof<'a> {
    /// `buffers[chainId].context` (the batch count in its low 40 bits).
    pub context: U256,
    /// `buffers[chainId].buf[batchIndex]`.
    pub stored_hash: B256,
    /// The batch header claimed for that index.
    pub header: &'a BatchHeader,
    /// The L2 state root claimed committed.
    pub state_root: B256,
    /// Its position in the batch.
    pub index_in_batch: u64,
    /// Its Merkle siblings, bottom-up.
    pub siblings: &'a [B256],
}

/// That the container holds `header`: its index under the container's count (a batch a fraud proof
/// deleted leaves its hash in storage past it), and its hash the one stored at that index.
pub fn check_held(context: U256, stored_hash: B256, header: &BatchHeader) -> Result<()> {
    let refuse = |reason: String| Err(Error::L1Commitment { reason });
    if header.batch_index >= batch_count(context) {
        return refuse(format!("batch {} is not among the {} the container holds", header.batch_index, batch_count(context)));
    }
    if header.hash() != stored_hash {
        return refuse(format!("batch {} header hashes to {}, the container holds {stored_hash}", header.batch_index, header.hash()));
    }
    Ok(())
}

/// Checks `proof`, read at an L1 block of time `l1_timestamp`, under a fraud-proof window.
pub fn verify_commitment(proof: &CommitmentProof<'_>, fraud_proof_window: u64, l1_timestamp: u64) -> Result<Commitment> {
    let CommitmentProof { context, stored_hash, header, state_root, index_in_batch, siblings } = *proof;
    let refuse = |reason: String| Err(Error::L1Commitment { reason });
    check_held(context, stored_hash, header)?;
    if !merkle::verify(header.batch_root, state_root, index_in_batch, siblings, header.batch_size) {
        return refuse(format!("state root {state_root} is not element {index_in_batch} of batch {}", header.batch_index));
    }
    let Some(appended_at) = header.timestamp() else { return refuse("batch extraData carries no timestamp".into()) };
    Ok(Commitment {
        element_index: header.prev_total_elements + index_in_batch,
        batch_index: header.batch_index,
        appended_at,
        past_fraud_window: past_fraud_window(appended_at, fraud_proof_window, l1_timestamp),
    })
}

/// Whether a batch appended at `appended_at` can no longer be challenged at `l1_timestamp`.
pub fn past_fraud_window(appended_at: u64, fraud_proof_window: u64, l1_timestamp: u64) -> bool {
    appended_at.saturating_add(fraud_proof_window) <= l1_timestamp
}

/// The batch header a `StateBatchAppended` log announces, and the L2 chain id it is for. A log is
/// only a claim: the header must still hash to what the container stores.
pub fn batch_from_log(log: &LogData) -> Result<(u64, BatchHeader)> {
    let event = StateBatchAppended::decode_log_data(log).map_err(|e| Error::invalid("StateBatchAppended", e))?;
    let small = |what: &str, v: U256| u64::try_from(v).map_err(|_| Error::invalid("StateBatchAppended", format!("{what} {v} is too large")));
    let header = BatchHeader {
        batch_index: small("batchIndex", event.batchIndex)?,
        batch_root: event.batchRoot,
        batch_size: small("batchSize", event.batchSize)?,
        prev_total_elements: small("prevTotalElements", event.prevTotalElements)?,
        extra_data: event.extraData,
    };
    Ok((small("chainId", event.chainId)?, header))
}

/// The topics that select one L2 chain's `StateBatchAppended` logs.
pub fn batch_log_topics(chain_id: u64) -> [B256; 2] {
    [StateBatchAppended::SIGNATURE_HASH, B256::from(U256::from(chain_id))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256};

    #[test]
    fn slots_of_chain_1088_match_the_worked_example() {
        assert_eq!(context_slot(1088), b256!("892722eef33e18b9e3247cea27749f24c8f11a424822c61b255913b90917780f"));
        assert_eq!(batch_slot(1088, 0), b256!("f39b42db3eb3c676e679577ddd320c552fba79fcbd3cfd811863b7152612f724"));
    }

    #[test]
    fn a_state_batch_appended_log_gives_its_batch_header_and_chain() {
        let (header, _) = batch();
        let event = StateBatchAppended {
            chainId: U256::from(1088u64),
            batchIndex: U256::from(header.batch_index),
            batchRoot: header.batch_root,
            batchSize: U256::from(header.batch_size),
            prevTotalElements: U256::from(header.prev_total_elements),
            extraData: header.extra_data.clone(),
        };
        let log = event.encode_log_data();
        assert_eq!(log.topics()[..2], batch_log_topics(1088));
        assert_eq!(batch_from_log(&log).unwrap(), (1088, header));
        let missing_topic = LogData::new_unchecked(vec![log.topics()[0]], log.data.clone());
        assert!(batch_from_log(&missing_topic).is_err(), "a missing indexed topic");
        let truncated = LogData::new_unchecked(log.topics().to_vec(), log.data.slice(..40));
        assert!(batch_from_log(&truncated).is_err(), "truncated data");
    }

    fn batch() -> (BatchHeader, Vec<B256>) {
        let roots: Vec<B256> = (0..5u64).map(|i| keccak256(i.to_be_bytes())).collect();
        let extra = (U256::from(1_000u64), address!("0x00000000000000000000000000000000000000aa")).abi_encode_params();
        let header = BatchHeader {
            batch_index: 3,
            batch_root: merkle::root(&roots).unwrap_or_default(),
            batch_size: 5,
            prev_total_elements: 40,
            extra_data: extra.into(),
        };
        (header, roots)
    }

    #[test]
    fn a_committed_root_is_found_and_every_tamper_refused() {
        let (header, roots) = batch();
        let context = U256::from(4u64);
        let proof = merkle::siblings(&roots, 2);
        let honest = CommitmentProof { context, stored_hash: header.hash(), header: &header, state_root: roots[2], index_in_batch: 2, siblings: &proof };
        let ok = verify_commitment(&honest, 100, 1_050).unwrap();
        assert_eq!((ok.element_index, ok.appended_at, ok.past_fraud_window), (42, 1_000, false));
        assert!(verify_commitment(&honest, 100, 1_100).unwrap().past_fraud_window);

        let l1 = |p: CommitmentProof<'_>| matches!(verify_commitment(&p, 100, 1_050), Err(Error::L1Commitment { .. }));
        assert!(l1(CommitmentProof { state_root: roots[3], ..honest }), "root not in the batch");
        assert!(l1(CommitmentProof { context: U256::from(3u64), ..honest }), "batch deleted");
        let mut altered = header.clone();
        altered.prev_total_elements += 1;
        assert!(l1(CommitmentProof { header: &altered, ..honest }), "header altered");
        assert!(l1(CommitmentProof { stored_hash: keccak256(b"x"), ..honest }), "other stored hash");
    }
}
