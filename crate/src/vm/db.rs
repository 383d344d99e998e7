//! ProofDb: revm's `Database` over state proven against one block's state root. Anything not yet
//! proven is reported as [`Missing`], so the caller fetches, verifies and re-runs.

use crate::error::{Error, Result};
use crate::verify::VerifiedAccount;
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_trie::EMPTY_ROOT_HASH;
use metis_evm::Missing;
use revm::bytecode::Bytecode;
use revm::primitives::{KECCAK_EMPTY, StorageKey, StorageValue};
use revm::state::AccountInfo;
use revm::Database;
use std::collections::HashMap;

#[derive(Debug, Clone)]
struct ProvenAccount {
    info: Option<AccountInfo>,
    storage_root: B256,
    storage: HashMap<U256, U256>,
}

/// Proven accounts, slots, code and block hashes of one block.
#[derive(Debug, Clone, Default)]
pub struct ProofDb {
    accounts: HashMap<Address, ProvenAccount>,
    codes: HashMap<B256, Bytecode>,
    block_hashes: HashMap<u64, B256>,
}

impl ProofDb {
    /// Whether the account is proven (present or absent).
    pub fn has_account(&self, address: &Address) -> bool {
        self.accounts.contains_key(address)
    }

    /// Adds a proven account, its proven slots and its code (already checked against the code hash).
    pub fn insert_account(&mut self, account: &VerifiedAccount, code: Option<Bytes>) -> Result<()> {
        let info = if account.exists {
            // An explicit comparison: the release wasm build mis-evaluated a B256 const pattern here.
            let code = match code.filter(|_| account.code_hash != KECCAK_EMPTY) {
                None => Bytecode::default(),
                Some(bytes) => Bytecode::new_raw_checked(bytes).map_err(|e| Error::invalid("code", format!("{e:?}")))?,
            };
            self.codes.insert(account.code_hash, code.clone());
            Some(AccountInfo::new(account.balance, account.nonce, account.code_hash, code))
        } else {
            None
        };
        let entry = self.accounts.entry(account.address).or_insert_with(|| ProvenAccount {
            info: info.clone(),
            storage_root: account.storage_hash,
            storage: HashMap::new(),
        });
        entry.info = info;
        entry.storage_root = account.storage_hash;
        for slot in &account.storage {
            entry.storage.insert(U256::from_be_bytes(slot.key.0), slot.value);
        }
        Ok(())
    }

    /// Adds proven slots of an account already held (its info and code stay as they are).
    pub fn insert_slots(&mut self, account: &VerifiedAccount) {
        if let Some(entry) = self.accounts.get_mut(&account.address) {
            for slot in &account.storage {
                entry.storage.insert(U256::from_be_bytes(slot.key.0), slot.value);
            }
        }
    }

    /// Adds the verified hash of block `number`.
    pub fn insert_block_hash(&mut self, number: u64, hash: B256) {
        self.block_hashes.insert(number, hash);
    }
}

impl Database for ProofDb {
    type Error = Missing;

    fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, Missing> {
        self.accounts.get(&address).map(|a| a.info.clone()).ok_or(Missing::Account(address))
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, Missing> {
        // Code is proven together with its account, so a known hash always has its code.
        Ok(self.codes.get(&code_hash).cloned().unwrap_or_default())
    }

    fn storage(&mut self, address: Address, index: StorageKey) -> Result<StorageValue, Missing> {
        let account = self.accounts.get(&address).ok_or(Missing::Account(address))?;
        if account.info.is_none() || account.storage_root == EMPTY_ROOT_HASH {
            return Ok(U256::ZERO);
        }
        account.storage.get(&index).copied().ok_or(Missing::Storage(address, index))
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, Missing> {
        self.block_hashes.get(&number).copied().ok_or(Missing::BlockHash(number))
    }
}
