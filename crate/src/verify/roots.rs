//! Block roots recomputed from what the server sent: transactions (types 0-4, from RPC objects or raw
//! bytes), receipts (all types, pre- and post-Byzantium) and withdrawals.

use crate::error::{Error, Result, RootKind};
use crate::json;
use alloy_consensus::{ReceiptEnvelope, TxEip4844Variant, TxEnvelope, proofs};
use alloy_eips::eip2718::{Decodable2718, Encodable2718};
use alloy_eips::eip4895::Withdrawal;
use alloy_primitives::{B256, Bytes, Log, hex, keccak256};
use serde_json::Value;

/// Decodes one transaction: an `eth_getTransaction*` object, or a `0x` string of its EIP-2718 bytes.
/// A claimed `hash` must be the keccak of the encoding; the returned transaction's `tx_hash` is
/// always computed from its encoding.
pub fn transaction_from_json(what: &str, value: &Value) -> Result<TxEnvelope> {
    let tx = match value {
        Value::String(raw) => {
            let bytes = json::parse_hex(what, raw)?;
            let mut buf = bytes.as_ref();
            let tx = TxEnvelope::decode_2718(&mut buf).map_err(|e| Error::invalid(what, e))?;
            if !buf.is_empty() {
                return Err(Error::invalid(what, format!("{} trailing bytes after the transaction", buf.len())));
            }
            tx
        }
        Value::Object(_) => super::tx_json::object_from_json(what, value)?,
        _ => return Err(Error::invalid(what, "expected a transaction object or its 0x bytes")),
    };
    // A blob transaction is committed without its sidecar; raw bytes may be its network form (an
    // object's sidecar fields are ignored when it is decoded).
    let tx = match tx {
        TxEnvelope::Eip4844(signed) => TxEnvelope::Eip4844(signed.map(TxEip4844Variant::drop_sidecar)),
        other => other,
    };
    let tx = match tx {
        // Hashed over l2geth's own encoding of an unsigned (L1-to-L2) transaction.
        TxEnvelope::Legacy(signed) if is_unsigned(signed.signature()) => {
            let hash = keccak256(unsigned_legacy_rlp(signed.tx()));
            TxEnvelope::Legacy(alloy_consensus::Signed::new_unchecked(signed.tx().clone(), *signed.signature(), hash))
        }
        // Re-decoded from its own encoding, so the hash it carries is computed here, never the claim.
        other => {
            let encoded = other.encoded_2718();
            TxEnvelope::decode_2718(&mut encoded.as_slice()).map_err(|e| Error::invalid(what, e))?
        }
    };
    if let Some(claimed) = json::claimed_hash(what, value)? {
        let computed = *tx.tx_hash();
        if claimed != computed {
            return Err(Error::ItemHashMismatch { what: what.to_owned(), claimed, computed });
        }
    }
    Ok(tx)
}

/// Decodes a list of transactions (see [`transaction_from_json`]).
pub fn transactions_from_json(what: &str, values: &[Value]) -> Result<Vec<TxEnvelope>> {
    values.iter().enumerate().map(|(i, v)| transaction_from_json(&format!("{what}[{i}]"), v)).collect()
}

/// Decodes one `eth_getTransactionReceipt` object.
pub fn receipt_from_json(what: &str, value: &Value) -> Result<ReceiptEnvelope<Log>> {
    super::receipt_json::receipt_from_json(what, value)
}

/// Decodes a list of `eth_getTransactionReceipt` / `eth_getBlockReceipts` objects.
pub fn receipts_from_json(what: &str, values: &[Value]) -> Result<Vec<ReceiptEnvelope<Log>>> {
    values.iter().enumerate().map(|(i, v)| receipt_from_json(&format!("{what}[{i}]"), v)).collect()
}

/// Decodes a list of withdrawals as `eth_getBlockBy*` returns them.
pub fn withdrawals_from_json(what: &str, values: &[Value]) -> Result<Vec<Withdrawal>> {
    values.iter().enumerate().map(|(i, v)| json::parse(&format!("{what}[{i}]"), v)).collect()
}

/// `transactionsRoot`: the trie of `rlp(index) -> EIP-2718 encoding` (see [`root_encoding`]).
pub fn transactions_root(txs: &[TxEnvelope]) -> B256 {
    alloy_trie::root::ordered_trie_root_with_encoder(txs, |tx, buf| buf.extend_from_slice(&root_encoding(tx)))
}

/// The encoding a transactions trie commits to: EIP-2718, except that Metis l2geth's L1-to-L2
/// (enqueue) transactions are unsigned legacy transactions committed with `v = r = s = 0`, where
/// alloy would write `v = 27`. No Ethereum transaction has a zero signature (it recovers no sender).
pub fn root_encoding(tx: &TxEnvelope) -> Vec<u8> {
    match tx {
        TxEnvelope::Legacy(signed) if is_unsigned(signed.signature()) => unsigned_legacy_rlp(signed.tx()),
        other => other.encoded_2718(),
    }
}

fn is_unsigned(signature: &alloy_primitives::Signature) -> bool {
    signature.r().is_zero() && signature.s().is_zero()
}

/// `rlp([nonce, gasPrice, gas, to, value, input, 0, 0, 0])`.
fn unsigned_legacy_rlp(tx: &alloy_consensus::TxLegacy) -> Vec<u8> {
    use alloy_rlp::Encodable;
    let mut payload = Vec::new();
    tx.nonce.encode(&mut payload);
    tx.gas_price.encode(&mut payload);
    tx.gas_limit.encode(&mut payload);
    tx.to.encode(&mut payload);
    tx.value.encode(&mut payload);
    tx.input.encode(&mut payload);
    for _ in 0..3 {
        0u8.encode(&mut payload);
    }
    let mut out = Vec::with_capacity(payload.len() + 4);
    alloy_rlp::Header { list: true, payload_length: payload.len() }.encode(&mut out);
    out.extend_from_slice(&payload);
    out
}

/// `receiptsRoot`: the trie of `rlp(index) -> EIP-2718 receipt encoding`.
pub fn receipts_root(receipts: &[ReceiptEnvelope<Log>]) -> B256 {
    proofs::calculate_receipt_root(receipts)
}

/// `withdrawalsRoot`: the trie of `rlp(index) -> rlp(withdrawal)`.
pub fn withdrawals_root(withdrawals: &[Withdrawal]) -> B256 {
    proofs::calculate_withdrawals_root(withdrawals)
}

/// Fails with [`Error::RootMismatch`] unless `computed == expected`.
pub fn check_root(kind: RootKind, expected: B256, computed: B256) -> Result<()> {
    if expected == computed { Ok(()) } else { Err(Error::RootMismatch { kind, expected, computed }) }
}

/// Checks an inclusion proof of item `index` of a transactions or receipts trie: the proof must show
/// exactly `encoded` (the EIP-2718 encoding) under `rlp(index)`.
pub fn verify_inclusion(what: &str, root: B256, index: u64, encoded: &[u8], proof: &[Bytes]) -> Result<()> {
    let key = alloy_rlp::encode(index);
    match super::mpt::verify_proof(root, &key, proof).map_err(|e| Error::proof(what, e))? {
        Some(value) if value == encoded => Ok(()),
        Some(value) => Err(Error::ClaimMismatch {
            field: what.to_owned(),
            claimed: hex::encode_prefixed(encoded),
            proven: hex::encode_prefixed(value),
        }),
        None => Err(Error::ClaimMismatch {
            field: what.to_owned(),
            claimed: format!("an item at index {index}"),
            proven: "no item at that index".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An l2geth L1-to-L2 transaction as Andromeda's RPC serves it: no `type`, a zero signature.
    fn enqueue(hash: Option<B256>) -> Value {
        let mut tx = json!({
            "nonce": "0x5", "gasPrice": "0x0", "gas": "0x1e8480", "to": "0x4200000000000000000000000000000000000007",
            "value": "0x0", "input": "0xcbd4ece9", "v": "0x0", "r": "0x0", "s": "0x0", "queueOrigin": "l1",
        });
        if let Some(hash) = hash {
            tx["hash"] = json!(hash);
        }
        tx
    }

    #[test]
    fn an_unsigned_l2geth_transaction_is_committed_with_a_zero_signature() {
        let tx = transaction_from_json("tx", &enqueue(None)).unwrap();
        let encoded = root_encoding(&tx);
        // The last three items are v = r = s = 0 (0x80 each): l2geth's encoding, not alloy's v = 27.
        assert!(encoded.ends_with(&[0x80, 0x80, 0x80]), "{}", hex::encode(&encoded));
        assert_eq!(*tx.tx_hash(), keccak256(&encoded));
        assert_eq!(transaction_from_json("tx", &enqueue(Some(keccak256(&encoded)))).unwrap().tx_hash(), tx.tx_hash());
        let lie = transaction_from_json("tx", &enqueue(Some(keccak256(b"another"))));
        assert!(matches!(lie, Err(Error::ItemHashMismatch { .. })));
        let root = transactions_root(std::slice::from_ref(&tx));
        assert_eq!(root, alloy_trie::root::ordered_trie_root_with_encoder(&[encoded], |e, buf| buf.extend_from_slice(e)));
    }
}
