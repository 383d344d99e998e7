//! A block's transaction as revm runs it: sender recovered from the signature, fields copied over.

use alloy_consensus::transaction::SignerRecoverable;
use alloy_consensus::{Transaction, TxEnvelope};
use alloy_eips::Typed2718;
use alloy_primitives::Address;
use revm::context::TxEnv;
use revm::context::result::InvalidTransaction;

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

/// The ethereum/tests name of the rule a transaction breaks.
pub fn exception(error: &InvalidTransaction) -> &'static str {
    use InvalidTransaction as E;
    match error {
        E::PriorityFeeGreaterThanMaxFee => "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
        E::GasPriceLessThanBasefee => "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS",
        E::CallerGasLimitMoreThanBlock => "TransactionException.GAS_ALLOWANCE_EXCEEDED",
        E::CallGasCostMoreThanGasLimit { .. } | E::GasFloorMoreThanGasLimit { .. } => "TransactionException.INTRINSIC_GAS_TOO_LOW",
        E::RejectCallerWithCode => "TransactionException.SENDER_NOT_EOA",
        E::LackOfFundForMaxFee { .. } | E::OverflowPaymentInTransaction => "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS",
        E::NonceOverflowInTransaction => "TransactionException.NONCE_IS_MAX",
        E::NonceTooHigh { .. } => "TransactionException.NONCE_MISMATCH_TOO_HIGH",
        E::NonceTooLow { .. } => "TransactionException.NONCE_MISMATCH_TOO_LOW",
        E::CreateInitCodeSizeLimit => "TransactionException.INITCODE_SIZE_EXCEEDED",
        E::InvalidChainId | E::MissingChainId => "TransactionException.INVALID_CHAINID",
        E::TxGasLimitGreaterThanCap { .. } => "TransactionException.GAS_LIMIT_EXCEEDS_MAXIMUM",
        E::BlobGasPriceGreaterThanMax { .. } => "TransactionException.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS",
        E::EmptyBlobs => "TransactionException.TYPE_3_TX_ZERO_BLOBS",
        E::BlobCreateTransaction => "TransactionException.TYPE_3_TX_CONTRACT_CREATION",
        E::TooManyBlobs { .. } => "TransactionException.TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
        E::BlobVersionNotSupported => "TransactionException.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH",
        E::EmptyAuthorizationList => "TransactionException.TYPE_4_EMPTY_AUTHORIZATION_LIST",
        _ => "TransactionException.TYPE_NOT_SUPPORTED",
    }
}
