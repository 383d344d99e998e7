//! The JSON-in, JSON-out surface that the JS binding and the CLI share: RPC-shaped values parsed at
//! the edge, handed to the verifiers, and answered as plain serializable data.

use crate::error::{Error, Result};
use crate::json::{parse_b256, parse_hex, parse_hex_list};
use crate::verify::{self, BlockReport, Checkpoint, VerifiedAccount, VerifiedHeader, roots};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{B256, hex};
use serde_json::Value;

/// `blockHash(header)`: the hash of an `eth_getBlockBy*` header object (a claimed `hash` must match).
pub fn block_hash(header: &Value) -> Result<B256> {
    verify::header_from_json("header", header).map(|h| h.hash)
}

/// `decodeHeader(rlp)`: a header's RLP as an `eth_getBlockBy*`-shaped object with its `hash`.
pub fn decode_header(rlp: &str) -> Result<Value> {
    let received = verify::header_from_rlp("rlp", &parse_hex("rlp", rlp)?)?;
    let mut value = serde_json::to_value(&received.header).map_err(|e| Error::invalid("rlp", e))?;
    if let Some(fields) = value.as_object_mut() {
        fields.insert("hash".to_owned(), Value::String(received.hash.to_string()));
    }
    Ok(value)
}

/// `verifyHeaderChain(headers, {number, hash})`.
pub fn verify_header_chain(headers: &Value, checkpoint: &Value) -> Result<Vec<VerifiedHeader>> {
    let list = array("headers", headers)?;
    let received = list
        .iter()
        .enumerate()
        .map(|(i, h)| verify::header_from_json(&format!("headers[{i}]"), h))
        .collect::<Result<Vec<_>>>()?;
    let checkpoint = Checkpoint::from_json("checkpoint", checkpoint)?;
    verify::verify_header_chain(&received, checkpoint)
}

/// `verifyMptProof(root, key, proof)`: the proven value as hex, or `None` for a proven absence.
pub fn verify_mpt_proof<S: AsRef<str>>(root: &str, key: &str, proof: &[S]) -> Result<Option<String>> {
    let root = parse_b256("root", root)?;
    let key = parse_hex("key", key)?;
    let proof = proof
        .iter()
        .enumerate()
        .map(|(i, node)| parse_hex(&format!("proof[{i}]"), node.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    let value = verify::verify_proof(root, &key, &proof).map_err(|e| Error::proof("proof", e))?;
    Ok(value.map(hex::encode_prefixed))
}

/// `verifyAccountProof(stateRoot, getProofResult)`.
pub fn verify_account_proof(state_root: &str, response: &Value) -> Result<VerifiedAccount> {
    let state_root = parse_b256("stateRoot", state_root)?;
    let response = verify::account_proof_from_json("getProofResult", response)?;
    verify::verify_account_proof(state_root, &response)
}

/// `verifyCode(codeHash, code)`: code checked against a proven code hash.
pub fn verify_code(code_hash: &str, code: &str) -> Result<()> {
    verify::verify_code(parse_b256("codeHash", code_hash)?, &parse_hex("code", code)?)
}

/// `verifyBlock(block)`: a block object checked against its own header.
pub fn verify_block(block: &Value) -> Result<BlockReport> {
    verify::verify_block_json("block", block).map(|b| b.report)
}

/// `transactionsRoot(txs)`: from RPC transaction objects or raw `0x` EIP-2718 strings.
pub fn transactions_root(txs: &Value) -> Result<B256> {
    Ok(roots::transactions_root(&roots::transactions_from_json("txs", array("txs", txs)?)?))
}

/// `receiptsRoot(receipts)`.
pub fn receipts_root(receipts: &Value) -> Result<B256> {
    Ok(roots::receipts_root(&roots::receipts_from_json("receipts", array("receipts", receipts)?)?))
}

/// `withdrawalsRoot(withdrawals)`.
pub fn withdrawals_root(withdrawals: &Value) -> Result<B256> {
    Ok(roots::withdrawals_root(&roots::withdrawals_from_json("withdrawals", array("withdrawals", withdrawals)?)?))
}

/// `verifyReceiptProof(receiptsRoot, index, receipt, proof)`: a receipt's inclusion in a block.
pub fn verify_receipt_proof(receipts_root: &str, index: u64, receipt: &Value, proof: &Value) -> Result<()> {
    let root = parse_b256("receiptsRoot", receipts_root)?;
    let receipt = roots::receipt_from_json("receipt", receipt)?;
    roots::verify_inclusion("receiptProof", root, index, &receipt.encoded_2718(), &parse_hex_list("proof", proof)?)
}

/// `verifyTransactionProof(transactionsRoot, index, tx, proof)`: a transaction's inclusion in a block.
pub fn verify_transaction_proof(transactions_root: &str, index: u64, tx: &Value, proof: &Value) -> Result<()> {
    let root = parse_b256("transactionsRoot", transactions_root)?;
    let tx = roots::transaction_from_json("tx", tx)?;
    roots::verify_inclusion("transactionProof", root, index, &roots::root_encoding(&tx), &parse_hex_list("proof", proof)?)
}

fn array<'a>(what: &str, value: &'a Value) -> Result<&'a [Value]> {
    value.as_array().map(Vec::as_slice).ok_or_else(|| Error::invalid(what, "expected an array"))
}
