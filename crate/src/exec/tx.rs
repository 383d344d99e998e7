//! A block's transaction as revm runs it: sender recovered from the signature, fields copied over.

use alloy_consensus::transaction::SignerRecoverable;
use alloy_consensus::{Transaction, TxEnvelope};
use alloy_eips::Typed2718;
use alloy_primitives::Address;
use revm::context::TxEnv;

/// The sender of `tx`. Frontier accepted high-s signatures; EIP-2 (Homestead) refuses them.
pub fn sender(tx: &TxEnvelope, homestead: bool) -> Result<Address, String> {
    let recovered = if homestead { tx.recover_signer() } else { tx.recover_signer_unchecked() };
    recovered.map_err(|e| format!("signature: {e}"))
}

/// revm's view of `tx` sent by `caller`.
pub fn tx_env(tx: &TxEnvelope, caller: Address) -> Result<TxEnv, String> {
    let mut builder = TxEnv::builder()
        .tx_type(Some(tx.ty()))
        .caller(caller)
        .gas_limit(tx.gas_limit())
        .gas_price(tx.max_fee_per_gas())
        .kind(tx.kind())
        .value(tx.value())
        .data(tx.input().clone())
        .nonce(tx.nonce())
        .chain_id(tx.chain_id())
        .gas_priority_fee(tx.max_priority_fee_per_gas())
        .blob_hashes(tx.blob_versioned_hashes().map(<[_]>::to_vec).unwrap_or_default())
        .max_fee_per_blob_gas(tx.max_fee_per_blob_gas().unwrap_or_default());
    if let Some(list) = tx.access_list() {
        builder = builder.access_list(list.clone());
    }
    if let Some(list) = tx.authorization_list() {
        builder = builder.authorization_list_signed(list.to_vec());
    }
    builder.build().map_err(|e| format!("{e:?}"))
}
