//! A chain's first state and header from its `genesis.json` (geth's format, alloy-genesis types).

use super::state::{Missing, WitnessState};
use alloy_consensus::{EMPTY_OMMER_ROOT_HASH, Header};
use alloy_eips::{eip1559::INITIAL_BASE_FEE, eip7685::EMPTY_REQUESTS_HASH};
use alloy_genesis::Genesis;
use alloy_primitives::B256;
use alloy_trie::EMPTY_ROOT_HASH;

/// The fully revealed state of the genesis allocation.
pub fn genesis_state(genesis: &Genesis) -> Result<WitnessState, Missing> {
    WitnessState::from_alloc(&genesis.alloc)
}

/// The genesis header over `state_root`, as geth's `Genesis.ToBlock` builds it: the fields the file
/// sets, and those the forks active at block 0 add (London's base fee, 1 gwei when unset; Shanghai's
/// empty withdrawals root; Cancun's blob fields and zero beacon root; Prague's empty requests hash).
pub fn genesis_header(genesis: &Genesis, state_root: B256) -> Header {
    let config = &genesis.config;
    let (number, time) = (genesis.number.unwrap_or_default(), genesis.timestamp);
    let london = config.is_london_active_at_block(number);
    let cancun = config.is_cancun_active_at_block_and_timestamp(number, time);
    let prague = london && config.prague_time.is_some_and(|t| t <= time);
    Header {
        parent_hash: genesis.parent_hash.unwrap_or_default(),
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: genesis.coinbase,
        state_root,
        transactions_root: EMPTY_ROOT_HASH,
        receipts_root: EMPTY_ROOT_HASH,
        difficulty: genesis.difficulty,
        number,
        // geth's `GenesisGasLimit` where the file sets none.
        gas_limit: if genesis.gas_limit == 0 { 4_712_388 } else { genesis.gas_limit },
        timestamp: time,
        extra_data: genesis.extra_data.clone(),
        mix_hash: genesis.mix_hash,
        nonce: genesis.nonce.into(),
        // A base fee the file sets counts even before London (geth does the same).
        base_fee_per_gas: genesis.base_fee_per_gas.map(|fee| u64::try_from(fee).unwrap_or(u64::MAX)).or(london.then_some(INITIAL_BASE_FEE)),
        withdrawals_root: config.is_shanghai_active_at_block_and_timestamp(number, time).then_some(EMPTY_ROOT_HASH),
        excess_blob_gas: cancun.then(|| genesis.excess_blob_gas.unwrap_or(0)),
        blob_gas_used: cancun.then(|| genesis.blob_gas_used.unwrap_or(0)),
        parent_beacon_block_root: cancun.then_some(B256::ZERO),
        requests_hash: prague.then_some(EMPTY_REQUESTS_HASH),
        ..Header::default()
    }
}
