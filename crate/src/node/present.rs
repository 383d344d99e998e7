//! Answers built from verified data only: header fields from the verified header, transactions
//! re-encoded from their committed bytes, senders recovered from signatures, receipts and logs from
//! the verified receipts. Nothing the server said is passed along unchecked.

use crate::error::{Error, Result};
use crate::verify::ReceivedHeader;
use alloy_consensus::transaction::{Recovered, SignerRecoverable};
use alloy_consensus::{ReceiptEnvelope, Transaction as _, TxEnvelope};
use alloy_eips::eip4895::Withdrawal;
use alloy_primitives::{Address, B256, Log};
use serde_json::{Value, json};

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::invalid("answer", e))
}

/// A header as `eth_getBlockBy*` shows it, with its computed hash.
pub fn header(h: &ReceivedHeader) -> Result<Value> {
    let mut value = to_json(&h.header)?;
    if let Some(fields) = value.as_object_mut() {
        fields.insert("hash".into(), json!(h.hash));
    }
    Ok(value)
}

/// The signer of a transaction, recovered from its signature.
pub fn sender(tx: &TxEnvelope) -> Result<Address> {
    tx.recover_signer().map_err(|e| Error::invalid("transaction signature", e))
}

/// A transaction as `eth_getTransaction*` shows it, placed in its verified block.
pub fn transaction(tx: &TxEnvelope, h: &ReceivedHeader, index: usize) -> Result<Value> {
    let rpc_tx = alloy_rpc_types_eth::Transaction {
        inner: Recovered::new_unchecked(tx.clone(), sender(tx)?),
        block_hash: Some(h.hash),
        block_number: Some(h.header.number),
        transaction_index: Some(index as u64),
        effective_gas_price: Some(tx.effective_gas_price(h.header.base_fee_per_gas)),
        block_timestamp: Some(h.header.timestamp),
    };
    to_json(&rpc_tx)
}

/// A whole block: verified header, transactions (hashes or full), uncle hashes, withdrawals.
pub fn block(h: &ReceivedHeader, txs: &[TxEnvelope], full: bool, uncles: &[B256], withdrawals: Option<&[Withdrawal]>) -> Result<Value> {
    let mut value = header(h)?;
    let transactions: Vec<Value> = if full {
        txs.iter().enumerate().map(|(i, tx)| transaction(tx, h, i)).collect::<Result<_>>()?
    } else {
        txs.iter().map(|tx| json!(tx.tx_hash())).collect()
    };
    if let Some(fields) = value.as_object_mut() {
        fields.insert("transactions".into(), Value::Array(transactions));
        fields.insert("uncles".into(), json!(uncles));
        if let Some(ws) = withdrawals {
            fields.insert("withdrawals".into(), to_json(&ws)?);
        }
    }
    Ok(value)
}

/// One log with its block and transaction context.
fn rpc_log(log: Log, h: &ReceivedHeader, tx_hash: B256, tx_index: usize, log_index: usize) -> alloy_rpc_types_eth::Log {
    alloy_rpc_types_eth::Log {
        inner: log,
        block_hash: Some(h.hash),
        block_number: Some(h.header.number),
        block_timestamp: Some(h.header.timestamp),
        transaction_hash: Some(tx_hash),
        transaction_index: Some(tx_index as u64),
        log_index: Some(log_index as u64),
        removed: false,
    }
}

/// Logs of one verified receipt with their block and transaction context.
pub fn logs(receipt: &ReceiptEnvelope<Log>, h: &ReceivedHeader, tx_hash: B256, tx_index: usize, first_log_index: usize) -> Vec<alloy_rpc_types_eth::Log> {
    receipt.logs().iter().enumerate().map(|(i, log)| rpc_log(log.clone(), h, tx_hash, tx_index, first_log_index + i)).collect()
}

/// A receipt as `eth_getTransactionReceipt` shows it, from the verified receipts of its block.
pub fn receipt(receipts: &[ReceiptEnvelope<Log>], txs: &[TxEnvelope], h: &ReceivedHeader, index: usize) -> Result<Value> {
    let (Some(r), Some(tx)) = (receipts.get(index), txs.get(index)) else {
        return Err(Error::UnknownBlock(format!("transaction {index} of block {}", h.header.number)));
    };
    let before = index.checked_sub(1).and_then(|i| receipts.get(i)).map_or(0, |p| p.cumulative_gas_used());
    let first_log_index: usize = receipts[..index].iter().map(|r| r.logs().len()).sum();
    let from = sender(tx)?;
    let contract_address = tx.kind().is_create().then(|| from.create(tx.nonce()));
    let blob_gas_used = tx.blob_versioned_hashes().map(|hashes| hashes.len() as u64 * alloy_eips::eip4844::DATA_GAS_PER_BLOB);
    let receipt = alloy_rpc_types_eth::TransactionReceipt {
        inner: {
            let mut next = first_log_index;
            r.clone().map_logs(|log| {
                next += 1;
                rpc_log(log, h, *tx.tx_hash(), index, next - 1)
            })
        },
        transaction_hash: *tx.tx_hash(),
        transaction_index: Some(index as u64),
        block_hash: Some(h.hash),
        block_number: Some(h.header.number),
        gas_used: r.cumulative_gas_used().saturating_sub(before),
        effective_gas_price: tx.effective_gas_price(h.header.base_fee_per_gas),
        blob_gas_used,
        blob_gas_price: None,
        from,
        to: tx.to(),
        contract_address,
    };
    to_json(&receipt)
}
