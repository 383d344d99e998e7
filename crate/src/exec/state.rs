//! The state a block executes on: sparse account and storage tries revealed from a witness, plus
//! the code and block hashes the block may read. revm reads it through [`DatabaseRef`]; the block's
//! changes (revm's `BundleState`) are written back into the tries to give the post-state root.

use crate::hash::keccak256_each;
use super::sparse_trie::{NodeMap, SparseTrie, TrieMissing};
use alloy_genesis::GenesisAccount;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_rlp::{Decodable, Encodable};
use alloy_trie::{EMPTY_ROOT_HASH, Nibbles, TrieAccount};
use revm::bytecode::Bytecode;
use revm::database::BundleState;
use revm::database_interface::DBErrorMarker;
use revm::primitives::KECCAK_EMPTY;
use revm::state::AccountInfo;
use revm::DatabaseRef;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// What a block needs that the witness does not hold (or holds corrupt).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    /// A trie node on the path to this account.
    #[error("account {0}")]
    Account(Address),
    /// A trie node on the path to this storage slot.
    #[error("storage slot {1} of {0}")]
    Storage(Address, U256),
    /// The code of this account.
    #[error("code of {0}")]
    Code(Address),
    /// The hash of an earlier block (BLOCKHASH, EIP-2935).
    #[error("hash of block {0}")]
    BlockHash(u64),
    /// A deletion collapsed a branch onto an unrevealed sibling at `path` (in the storage trie of
    /// `owner`, or the account trie).
    #[error("trie node at path {path:?} (storage of {owner:?})")]
    Sibling {
        /// Whose storage trie; `None`: the account trie.
        owner: Option<Address>,
        /// Nibble path of the sibling.
        path: Nibbles,
    },
    /// A witness item that does not decode as what its hash says it is.
    #[error("witness node {0} is corrupt")]
    Corrupt(B256),
}

impl DBErrorMarker for Missing {}

/// Sparse state tries with the code and block hashes a block may read.
#[derive(Debug, Clone, Default)]
pub struct WitnessState {
    /// Proof nodes by hash.
    pub nodes: NodeMap,
    accounts: SparseTrie,
    /// Storage tries edited so far; the others are opened from their account's storage root.
    storage: HashMap<Address, SparseTrie>,
    /// Contract code by code hash (checked: the key is the code's keccak).
    codes: HashMap<B256, Bytecode>,
    /// Hashes of earlier blocks, from verified headers.
    block_hashes: BTreeMap<u64, B256>,
    /// In a discovery run, reads the witness cannot answer are logged here and answered as empty, so
    /// one run lists (nearly) all that is missing instead of stopping at the first miss.
    discovered: Option<RefCell<Vec<Missing>>>,
}

impl WitnessState {
    /// State under `state_root`, to be revealed by proof nodes added with [`Self::add_nodes`].
    pub fn from_root(state_root: B256) -> Self {
        Self { accounts: SparseTrie::from_root(state_root), ..Self::default() }
    }

    /// A fully revealed state holding `alloc` (a genesis or a test's pre-state).
    pub fn from_alloc<'a>(alloc: impl IntoIterator<Item = (&'a Address, &'a GenesisAccount)>) -> Result<Self, Missing> {
        let mut state = Self::default();
        let mut bundle = Vec::new();
        for (address, account) in alloc {
            let code = account.code.clone().unwrap_or_default();
            let code_hash = if code.is_empty() { KECCAK_EMPTY } else { keccak256(&code) };
            state.add_code(code);
            let info = AccountInfo::new(account.balance, account.nonce.unwrap_or_default(), code_hash, Bytecode::default());
            let slots = account.storage.iter().flatten().map(|(k, v)| (U256::from_be_bytes(k.0), U256::from_be_bytes(v.0))).collect();
            bundle.push(Change { address: *address, info: Some(info), slots, wiped: false });
        }
        state.write(bundle)?;
        Ok(state)
    }

    /// This state in discovery mode (see [`Self::discovered`]).
    pub fn discovering(mut self) -> Self {
        self.discovered = Some(RefCell::new(Vec::new()));
        self
    }

    /// What a discovery run read that the witness lacks.
    pub fn discovered(&self) -> Vec<Missing> {
        self.discovered.as_ref().map(|log| log.borrow().clone()).unwrap_or_default()
    }

    /// In discovery mode, logs `missing` and answers `empty`; otherwise fails with it.
    fn miss<T>(&self, missing: Missing, empty: T) -> Result<T, Missing> {
        match &self.discovered {
            Some(log) => {
                log.borrow_mut().push(missing);
                Ok(empty)
            }
            None => Err(missing),
        }
    }

    /// The state root.
    pub fn root(&self) -> B256 {
        self.accounts.root()
    }

    /// Adds proof nodes (keyed by their own hash, so a foreign item only wastes space).
    pub fn add_nodes<'a>(&mut self, nodes: impl IntoIterator<Item = &'a Bytes>) {
        let nodes: Vec<&Bytes> = nodes.into_iter().collect();
        for (hash, node) in keccak256_each(&nodes).into_iter().zip(nodes) {
            self.nodes.insert(hash, node.clone());
        }
    }

    /// Adds contract code, keyed by its hash.
    pub fn add_code(&mut self, code: Bytes) {
        if !code.is_empty() {
            self.codes.insert(keccak256(&code), Bytecode::new_raw(code));
        }
    }

    /// Adds the verified hash of block `number`.
    pub fn add_block_hash(&mut self, number: u64, hash: B256) {
        self.block_hashes.insert(number, hash);
    }

    /// Keeps only the 256 block hashes before `next` (all BLOCKHASH can reach).
    pub fn prune_block_hashes(&mut self, next: u64) {
        self.block_hashes = self.block_hashes.split_off(&next.saturating_sub(256));
    }

    /// Sets an account's balance (creating the account if absent): for tests and what-if runs.
    pub fn set_balance(&mut self, address: Address, balance: U256) -> Result<(), Missing> {
        let mut info = self.basic_ref(address)?.unwrap_or_default();
        info.balance = balance;
        self.write(vec![Change { address, info: Some(info), slots: Vec::new(), wiped: false }])
    }

    /// The account at `address`, with its storage root.
    fn account(&self, address: Address) -> Result<Option<TrieAccount>, Missing> {
        let value = self.accounts.get(keccak256(address).as_slice(), &self.nodes).map_err(|m| on_path(m, Missing::Account(address)))?;
        value
            .map(|rlp| TrieAccount::decode(&mut rlp.as_slice()).map_err(|_| Missing::Account(address)))
            .transpose()
    }

    /// The storage trie of `address`: the edited one, or one opened at the account's storage root.
    fn storage_trie(&self, address: Address) -> Result<Cow<'_, SparseTrie>, Missing> {
        match self.storage.get(&address) {
            Some(trie) => Ok(Cow::Borrowed(trie)),
            None => Ok(Cow::Owned(SparseTrie::from_root(self.account(address)?.map_or(EMPTY_ROOT_HASH, |a| a.storage_root)))),
        }
    }

    /// Writes a block's changes to the tries.
    fn write(&mut self, changes: Vec<Change>) -> Result<(), Missing> {
        for Change { address, info, slots, wiped } in changes {
            let account_key = keccak256(address);
            let Some(info) = info else {
                self.accounts
                    .remove(account_key.as_slice(), &self.nodes)
                    .map_err(|m| on_delete(m, None, account_key, Missing::Account(address)))?;
                self.storage.insert(address, SparseTrie::default());
                continue;
            };
            // Taken out while edited (a failed write leaves a state the caller discards anyway).
            let mut trie = match (wiped, self.storage.remove(&address)) {
                (true, _) => SparseTrie::default(),
                (false, Some(trie)) => trie,
                (false, None) => self.storage_trie(address)?.into_owned(),
            };
            for (slot, value) in slots {
                let key = keccak256(slot.to_be_bytes::<32>());
                let own = Missing::Storage(address, slot);
                if value.is_zero() {
                    trie.remove(key.as_slice(), &self.nodes).map_err(|m| on_delete(m, Some(address), key, own))?;
                } else {
                    let mut rlp = Vec::new();
                    value.encode(&mut rlp);
                    trie.insert(key.as_slice(), rlp, &self.nodes).map_err(|m| on_path(m, own))?;
                }
            }
            let account = TrieAccount { nonce: info.nonce, balance: info.balance, storage_root: trie.root(), code_hash: info.code_hash };
            let mut rlp = Vec::new();
            account.encode(&mut rlp);
            self.accounts.insert(account_key.as_slice(), rlp, &self.nodes).map_err(|m| on_path(m, Missing::Account(address)))?;
            self.storage.insert(address, trie);
        }
        Ok(())
    }

    /// Applies a block's (or a transaction's) accumulated changes.
    pub fn apply(&mut self, bundle: &BundleState) -> Result<(), Missing> {
        for (hash, code) in &bundle.contracts {
            self.codes.insert(*hash, code.clone());
        }
        let changes = bundle
            .state
            .iter()
            .map(|(address, account)| {
                let slots = account.storage.iter().filter(|(_, s)| s.is_changed() || account.was_destroyed()).map(|(k, s)| (*k, s.present_value)).collect();
                Change { address: *address, info: account.info.clone(), slots, wiped: account.was_destroyed() }
            })
            .collect();
        self.write(changes)
    }
}

/// One account's change.
struct Change {
    address: Address,
    /// The new account; `None`: deleted.
    info: Option<AccountInfo>,
    /// Changed storage slots (zero: removed).
    slots: Vec<(U256, U256)>,
    /// Whether its old storage is gone (self-destructed or re-created).
    wiped: bool,
}

/// A miss on the path to the item itself.
fn on_path(missing: TrieMissing, what: Missing) -> Missing {
    if missing.corrupt { Missing::Corrupt(missing.hash) } else { what }
}

/// A miss during a deletion: on the item's own path (`own`), or a sibling the collapse needs.
fn on_delete(missing: TrieMissing, owner: Option<Address>, key: B256, own: Missing) -> Missing {
    if missing.corrupt {
        Missing::Corrupt(missing.hash)
    } else if Nibbles::unpack(key).starts_with(&missing.path) {
        own
    } else {
        Missing::Sibling { owner, path: missing.path }
    }
}

impl DatabaseRef for WitnessState {
    type Error = Missing;

    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, Missing> {
        let account = match self.account(address) {
            Ok(Some(account)) => account,
            Ok(None) => return Ok(None),
            Err(missing) => return self.miss(missing, None),
        };
        let code = if account.code_hash == KECCAK_EMPTY {
            Bytecode::default()
        } else {
            match self.codes.get(&account.code_hash) {
                Some(code) => code.clone(),
                None => self.miss(Missing::Code(address), Bytecode::default())?,
            }
        };
        Ok(Some(AccountInfo::new(account.balance, account.nonce, account.code_hash, code)))
    }

    fn code_by_hash_ref(&self, code_hash: B256) -> Result<Bytecode, Missing> {
        // basic_ref hands out code with the account, so revm only asks for code it was given.
        Ok(self.codes.get(&code_hash).cloned().unwrap_or_default())
    }

    fn storage_ref(&self, address: Address, index: U256) -> Result<U256, Missing> {
        let read = || {
            let trie = self.storage_trie(address)?;
            let key = keccak256(index.to_be_bytes::<32>());
            let value = trie.get(key.as_slice(), &self.nodes).map_err(|m| on_path(m, Missing::Storage(address, index)))?;
            value.map(|rlp| U256::decode(&mut rlp.as_slice()).map_err(|_| Missing::Storage(address, index))).transpose()
        };
        match read() {
            Ok(value) => Ok(value.unwrap_or_default()),
            Err(Missing::Account(_)) => self.miss(Missing::Storage(address, index), U256::ZERO),
            Err(missing) => self.miss(missing, U256::ZERO),
        }
    }

    fn block_hash_ref(&self, number: u64) -> Result<B256, Missing> {
        match self.block_hashes.get(&number) {
            Some(hash) => Ok(*hash),
            None => self.miss(Missing::BlockHash(number), B256::ZERO),
        }
    }
}
