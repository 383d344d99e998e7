//! The EVM environment from the chain preset and a verified header; a call from an RPC request.

use crate::chain::Fork;
use crate::error::{Error, Result};
use alloy_consensus::Header;
use alloy_primitives::{Address, TxKind, U256};
use alloy_rpc_types_eth::TransactionRequest;
use revm::context::{BlockEnv, TxEnv};
use revm::context_interface::block::BlobExcessGasAndPrice;
use revm::primitives::hardfork::SpecId;

/// revm's rules for a fork.
pub const fn spec_id(fork: Fork) -> SpecId {
    match fork {
        Fork::Frontier => SpecId::FRONTIER,
        Fork::Homestead => SpecId::HOMESTEAD,
        Fork::TangerineWhistle => SpecId::TANGERINE,
        Fork::SpuriousDragon => SpecId::SPURIOUS_DRAGON,
        Fork::Byzantium => SpecId::BYZANTIUM,
        // revm has no Constantinople: it runs Petersburg, which only removed EIP-1283 net metering.
        Fork::Constantinople => SpecId::PETERSBURG,
        Fork::Petersburg => SpecId::PETERSBURG,
        Fork::Istanbul => SpecId::ISTANBUL,
        Fork::Berlin => SpecId::BERLIN,
        Fork::London => SpecId::LONDON,
        Fork::Paris => SpecId::MERGE,
        Fork::Shanghai => SpecId::SHANGHAI,
        Fork::Cancun => SpecId::CANCUN,
        Fork::Prague => SpecId::PRAGUE,
        Fork::Osaka | Fork::Bpo1 | Fork::Bpo2 => SpecId::OSAKA,
    }
}


/// The block environment of a verified header under `fork`.
pub fn block_env(header: &Header, fork: Fork) -> BlockEnv {
    let spec = spec_id(fork);
    BlockEnv {
        number: U256::from(header.number),
        timestamp: U256::from(header.timestamp),
        beneficiary: header.beneficiary,
        gas_limit: header.gas_limit,
        basefee: header.base_fee_per_gas.unwrap_or_default(),
        difficulty: header.difficulty,
        // From the Merge on, mixHash carries prevrandao.
        prevrandao: spec.is_enabled_in(SpecId::MERGE).then_some(header.mix_hash),
        blob_excess_gas_and_price: header.excess_blob_gas.map(|excess| match fork.blob_params() {
            Some(params) => BlobExcessGasAndPrice::new(excess, u64::try_from(params.update_fraction).unwrap_or(u64::MAX)),
            None => BlobExcessGasAndPrice::new_with_spec(excess, spec),
        }),
        ..Default::default()
    }
}

/// The transaction of an `eth_call`-style request, run with `gas_limit`: the caller resolves the
/// request's own `gas` against the block's limit and the node's cap (a gas estimate searches below it).
pub fn tx_env(request: &TransactionRequest, chain_id: u64, gas_limit: u64) -> Result<TxEnv> {
    let kind = request.to.unwrap_or(TxKind::Create);
    let gas_price = request.gas_price.or(request.max_fee_per_gas).unwrap_or_default();
    let mut builder = TxEnv::builder()
        .caller(request.from.unwrap_or(Address::ZERO))
        .kind(kind)
        .value(request.value.unwrap_or_default())
        .data(request.input.input().cloned().unwrap_or_default())
        .gas_limit(gas_limit)
        .gas_price(gas_price)
        .nonce(request.nonce.unwrap_or_default())
        .chain_id(Some(chain_id));
    if request.max_fee_per_gas.is_some() {
        builder = builder.gas_priority_fee(request.max_priority_fee_per_gas);
    }
    if let Some(list) = &request.access_list {
        builder = builder.access_list(list.clone());
    }
    builder.build().map_err(|e| Error::invalid("transaction", format!("{e:?}")))
}
