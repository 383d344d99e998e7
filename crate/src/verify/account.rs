//! Accounts and storage slots proven from `eth_getProof` answers against a trusted state root.

use super::mpt::walk_hashed;
use crate::hash::keccak256_each;
use crate::error::{Error, Result};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_rlp::Decodable;
use alloy_rpc_types_eth::EIP1186AccountProofResponse;
use alloy_trie::TrieAccount;
use serde::Serialize;

/// An account as its proof shows it at one state root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedAccount {
    /// The account's address.
    pub address: Address,
    /// Whether the state trie holds the account (an absent account reads as empty).
    pub exists: bool,
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    #[serde(with = "alloy_serde::quantity")]
    pub nonce: u64,
    /// keccak256 of the account's code.
    pub code_hash: B256,
    /// Root of the account's storage trie.
    pub storage_hash: B256,
    /// The storage slots asked for, each proven against `storage_hash`.
    pub storage: Vec<VerifiedSlot>,
    /// How many leading items of the account proof the walk used (the rest are a server's padding).
    #[serde(skip)]
    pub proof_used: usize,
}

/// One storage slot proven against an account's storage root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedSlot {
    /// The slot, as a 32-byte word.
    pub key: B256,
    /// Its value (zero when the proof shows the slot is absent).
    pub value: U256,
    /// How many leading items of its proof the walk used.
    #[serde(skip)]
    pub proof_used: usize,
}

/// Verifies an `eth_getProof` answer against `state_root`: the account proof, every storage proof
/// against the proven storage root, and that each value the server claimed is the proven one.
pub fn verify_account_proof(state_root: B256, response: &EIP1186AccountProofResponse) -> Result<VerifiedAccount> {
    // Every item of every proof hashed in one batch (two at a time on SIMD lanes), then walked.
    let proofs = std::iter::once(&response.account_proof).chain(response.storage_proof.iter().map(|sp| &sp.proof));
    let hashes = keccak256_each(&proofs.clone().flatten().collect::<Vec<_>>());
    let mut hashes = proofs.map(|p| p.len()).scan(0usize, |start, len| {
        let slice = hashes.get(*start..*start + len).unwrap_or_default();
        *start += len;
        Some(slice)
    });
    let (leaf, proof_used) = walk_hashed(state_root, keccak256(response.address).as_slice(), &response.account_proof, hashes.next().unwrap_or_default())
        .map_err(|e| Error::proof("accountProof", e))?;
    let (exists, account) = match leaf {
        Some(rlp) => {
            let account = TrieAccount::decode(&mut rlp.as_slice())
                .map_err(|e| Error::invalid("accountProof", format!("account leaf: {e}")))?;
            (true, account)
        }
        None => (false, TrieAccount::default()),
    };
    check_account_claims(response, exists, &account)?;

    let storage = response
        .storage_proof
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            let key = sp.key.as_b256();
            let (value, proof_used) = storage_value(&format!("storageProof[{i}]"), account.storage_root, key, &sp.proof, hashes.next().unwrap_or_default())?;
            claim(&format!("storageProof[{i}].value"), &sp.value, &value)?;
            Ok(VerifiedSlot { key, value, proof_used })
        })
        .collect::<Result<_>>()?;

    Ok(VerifiedAccount {
        address: response.address,
        exists,
        balance: account.balance,
        nonce: account.nonce,
        code_hash: account.code_hash,
        storage_hash: account.storage_root,
        storage,
        proof_used,
    })
}

/// The value of storage slot `slot` under `storage_root`: zero when the proof shows it absent.
/// An empty storage proof comes as `[]` (geth) or `["0x80"]` (anvil, hardhat); both are accepted.
pub fn verify_storage_proof(storage_root: B256, slot: B256, proof: &[Bytes]) -> Result<U256> {
    storage_value("storageProof", storage_root, slot, proof, &keccak256_each(proof)).map(|(value, _)| value)
}

/// The slot's value and how many proof items the walk used.
fn storage_value(what: &str, storage_root: B256, slot: B256, proof: &[Bytes], hashes: &[B256]) -> Result<(U256, usize)> {
    let (leaf, used) = walk_hashed(storage_root, keccak256(slot).as_slice(), proof, hashes).map_err(|e| Error::proof(what, e))?;
    match leaf {
        None => Ok((U256::ZERO, used)),
        Some(rlp) => U256::decode(&mut rlp.as_slice()).map(|value| (value, used)).map_err(|e| Error::invalid(what, format!("slot value: {e}"))),
    }
}

fn check_account_claims(r: &EIP1186AccountProofResponse, exists: bool, a: &TrieAccount) -> Result<()> {
    claim("balance", &r.balance, &a.balance)?;
    claim("nonce", &r.nonce, &a.nonce)?;
    // For an absent account geth reports zero hashes where others report the empty ones.
    let absent_zero = |claimed: &B256| !exists && claimed.is_zero();
    if !absent_zero(&r.code_hash) {
        claim("codeHash", &r.code_hash, &a.code_hash)?;
    }
    if !absent_zero(&r.storage_hash) {
        claim("storageHash", &r.storage_hash, &a.storage_root)?;
    }
    Ok(())
}

fn claim<T: PartialEq + std::fmt::Debug>(field: &str, claimed: &T, proven: &T) -> Result<()> {
    if claimed == proven {
        Ok(())
    } else {
        Err(Error::ClaimMismatch { field: field.to_owned(), claimed: format!("{claimed:?}"), proven: format!("{proven:?}") })
    }
}

/// Checks contract code against the code hash its account proof shows.
pub fn verify_code(code_hash: B256, code: &[u8]) -> Result<()> {
    let computed = keccak256(code);
    if computed == code_hash {
        Ok(())
    } else {
        Err(Error::ItemHashMismatch { what: "code".to_owned(), claimed: code_hash, computed })
    }
}
