//! A whole `eth_getBlockBy*` answer checked against its own header: hash, transactions, withdrawals
//! and uncles. Whether the header itself is trusted is the header chain's job.

use super::header::{ReceivedHeader, header_from_json};
use super::roots::{check_root, transactions_from_json, transactions_root, withdrawals_from_json, withdrawals_root};
use crate::error::{Error, Result, RootKind};
use alloy_consensus::{Block, EMPTY_OMMER_ROOT_HASH, TxEnvelope, proofs};
use alloy_eips::eip4895::Withdrawal;
use alloy_rlp::Decodable;
use alloy_primitives::B256;
use serde::Serialize;
use serde_json::Value;

/// What was checked of a block, for a report a person can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockReport {
    /// Block number.
    pub number: u64,
    /// Block hash (keccak of the header fields).
    pub hash: B256,
    /// How many header fields it has (15..21).
    pub header_fields: usize,
    /// Transactions checked against `transactionsRoot`; `None` when the answer held only hashes.
    pub transactions_checked: Option<usize>,
    /// Withdrawals checked against `withdrawalsRoot`; `None` when the block has none.
    pub withdrawals_checked: Option<usize>,
}

/// A block object whose body was checked against its header.
#[derive(Debug, Clone)]
pub struct VerifiedBlockJson {
    /// The header, hashed.
    pub header: ReceivedHeader,
    /// The transactions, when the answer held them in full.
    pub transactions: Option<Vec<TxEnvelope>>,
    /// The withdrawals, when the block has them.
    pub withdrawals: Option<Vec<Withdrawal>>,
    /// What was checked.
    pub report: BlockReport,
}

/// Verifies a block object: its header hash, its transactions (when sent in full) against
/// `transactionsRoot`, its withdrawals against `withdrawalsRoot`, and an empty uncle list against
/// `sha3Uncles`.
pub fn verify_block_json(what: &str, block: &Value) -> Result<VerifiedBlockJson> {
    let received = header_from_json(what, block)?;
    let header = &received.header;

    let txs = block.get("transactions").and_then(Value::as_array);
    let full = txs.filter(|txs| txs.iter().all(Value::is_object));
    let transactions = match full {
        Some(txs) => {
            let decoded = transactions_from_json(&format!("{what}.transactions"), txs)?;
            check_root(RootKind::Transactions, header.transactions_root, transactions_root(&decoded))?;
            Some(decoded)
        }
        None => None,
    };

    let withdrawals = match (block.get("withdrawals").and_then(Value::as_array), header.withdrawals_root) {
        (Some(ws), Some(root)) => {
            let decoded = withdrawals_from_json(&format!("{what}.withdrawals"), ws)?;
            check_root(RootKind::Withdrawals, root, withdrawals_root(&decoded))?;
            Some(decoded)
        }
        (Some(ws), None) if ws.is_empty() => None,
        (Some(_), None) => return Err(Error::invalid(format!("{what}.withdrawals"), "withdrawals in a block whose header has no withdrawalsRoot")),
        (None, _) => None,
    };

    if block.get("uncles").and_then(Value::as_array).is_some_and(Vec::is_empty) {
        check_root(RootKind::Ommers, header.ommers_hash, EMPTY_OMMER_ROOT_HASH)?;
    }

    let report = BlockReport {
        number: header.number,
        hash: received.hash,
        header_fields: super::header::field_count(header),
        transactions_checked: transactions.as_ref().map(Vec::len),
        withdrawals_checked: withdrawals.as_ref().map(Vec::len),
    };
    Ok(VerifiedBlockJson { header: received, transactions, withdrawals, report })
}

/// Decodes a block from its RLP (`[header, transactions, ommers, withdrawals?]`) and checks the body
/// against the header: transactions, ommers and withdrawals roots.
pub fn verify_block_rlp(what: &str, mut bytes: &[u8]) -> Result<(ReceivedHeader, Block<TxEnvelope>, BlockReport)> {
    let block = Block::<TxEnvelope>::decode(&mut bytes).map_err(|e| Error::invalid(what, e))?;
    if !bytes.is_empty() {
        return Err(Error::invalid(what, format!("{} trailing bytes after the block", bytes.len())));
    }
    super::header::check_shape(&block.header)?;
    let header = &block.header;
    let body = &block.body;
    check_root(RootKind::Transactions, header.transactions_root, transactions_root(&body.transactions))?;
    check_root(RootKind::Ommers, header.ommers_hash, proofs::calculate_ommers_root(&body.ommers))?;
    let withdrawals_checked = match (&body.withdrawals, header.withdrawals_root) {
        (Some(ws), Some(root)) => {
            check_root(RootKind::Withdrawals, root, withdrawals_root(ws))?;
            Some(ws.len())
        }
        (None, None) => None,
        (Some(_), None) => return Err(Error::invalid(what, "withdrawals in a block whose header has no withdrawalsRoot")),
        (None, Some(_)) => return Err(Error::invalid(what, "header has a withdrawalsRoot but the body no withdrawals")),
    };
    let hash = header.hash_slow();
    let report = BlockReport {
        number: header.number,
        hash,
        header_fields: super::header::field_count(header),
        transactions_checked: Some(body.transactions.len()),
        withdrawals_checked,
    };
    Ok((ReceivedHeader { header: header.clone(), hash }, block, report))
}

/// Splits concatenated RLP items (a `chain.rlp` of blocks) into one slice per item.
pub fn split_rlp(mut bytes: &[u8]) -> Result<Vec<&[u8]>> {
    let mut items = Vec::new();
    while !bytes.is_empty() {
        let start = bytes;
        let header = alloy_rlp::Header::decode(&mut bytes).map_err(|e| Error::invalid(format!("item {}", items.len()), e))?;
        let len = start.len() - bytes.len() + header.payload_length;
        let item = start.get(..len).ok_or_else(|| Error::invalid(format!("item {}", items.len()), "truncated"))?;
        items.push(item);
        bytes = &start[len..];
    }
    Ok(items)
}
