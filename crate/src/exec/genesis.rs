//! A chain's first state and header from its `genesis.json` (geth's format, alloy-genesis types).

use super::state::{Missing, WitnessState};
use alloy_consensus::{EMPTY_OMMER_ROOT_HASH, Header};
use alloy_genesis::Genesis;
use alloy_trie::EMPTY_ROOT_HASH;

/// The fully revealed state of the genesis allocation.
pub fn genesis_state(genesis: &Genesis) -> Result<WitnessState, Missing> {
    WitnessState::from_alloc(&genesis.alloc)
}

/// The genesis header over `state_root`, with the optional fields the genesis file sets.
pub fn genesis_header(genesis: &Genesis, state_root: alloy_primitives::B256) -> Header {
    Header {
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: genesis.coinbase,
        state_root,
        transactions_root: EMPTY_ROOT_HASH,
        receipts_root: EMPTY_ROOT_HASH,
        difficulty: genesis.difficulty,
        number: genesis.number.unwrap_or_default(),
        gas_limit: genesis.gas_limit,
        timestamp: genesis.timestamp,
        extra_data: genesis.extra_data.clone(),
        mix_hash: genesis.mix_hash,
        nonce: genesis.nonce.into(),
        base_fee_per_gas: genesis.base_fee_per_gas.map(|fee| fee as u64),
        excess_blob_gas: genesis.excess_blob_gas,
        blob_gas_used: genesis.blob_gas_used,
        ..Header::default()
    }
}
