//! geth's state overrides (`eth_call` / `eth_estimateGas`, third parameter) over proven state: an
//! account's balance, nonce or code replaced, its storage replaced whole (`state`) or slot by slot
//! (`stateDiff`). Everything not overridden is still read from [`ProofDb`] and so proven; the
//! answer rests on the caller's overrides as well.

use super::{Missing, ProofDb};
use crate::error::{Error, Result};
use alloy_primitives::{Address, B256, U256};
use alloy_rpc_types_eth::state::StateOverride;
use revm::Database;
use revm::bytecode::Bytecode;
use revm::primitives::{StorageKey, StorageValue};
use revm::state::AccountInfo;

/// [`ProofDb`] seen through a caller's overrides.
pub struct Overridden<'a> {
    db: &'a mut ProofDb,
    overrides: &'a StateOverride,
}

impl<'a> Overridden<'a> {
    /// `db` through `overrides`; moving a precompile (geth's `movePrecompileToAddress`) is refused.
    pub fn new(db: &'a mut ProofDb, overrides: &'a StateOverride) -> Result<Self> {
        if let Some((address, _)) = overrides.iter().find(|(_, o)| o.move_precompile_to.is_some()) {
            return Err(Error::invalid("stateOverride", format!("moving the precompile at {address} is not supported")));
        }
        if let Some((address, _)) = overrides.iter().find(|(_, o)| o.state.is_some() && o.state_diff.is_some()) {
            return Err(Error::invalid("stateOverride", format!("{address}: give state or stateDiff, not both")));
        }
        Ok(Self { db, overrides })
    }
}

impl Database for Overridden<'_> {
    type Error = Missing;

    fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, Missing> {
        let base = self.db.basic(address)?;
        let Some(o) = self.overrides.get(&address) else { return Ok(base) };
        let mut info = base.unwrap_or_default();
        if let Some(balance) = o.balance {
            info.balance = balance;
        }
        if let Some(nonce) = o.nonce {
            info.nonce = nonce;
        }
        if let Some(code) = &o.code {
            let code = Bytecode::new_raw(code.clone());
            info.code_hash = code.hash_slow();
            info.code = Some(code);
        }
        Ok(Some(info))
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, Missing> {
        let overridden = self.overrides.values().filter_map(|o| o.code.clone()).map(Bytecode::new_raw).find(|c| c.hash_slow() == code_hash);
        match overridden {
            Some(code) => Ok(code),
            None => self.db.code_by_hash(code_hash),
        }
    }

    fn storage(&mut self, address: Address, index: StorageKey) -> Result<StorageValue, Missing> {
        let key = B256::from(index);
        if let Some(o) = self.overrides.get(&address) {
            if let Some(state) = &o.state {
                return Ok(state.get(&key).map_or(U256::ZERO, |v| U256::from_be_bytes(v.0)));
            }
            if let Some(value) = o.state_diff.as_ref().and_then(|diff| diff.get(&key)) {
                return Ok(U256::from_be_bytes(value.0));
            }
        }
        self.db.storage(address, index)
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, Missing> {
        self.db.block_hash(number)
    }
}
