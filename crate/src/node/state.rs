//! Account state at a verified block: `eth_getProof` answers checked against the header's state
//! root; code checked against the proven code hash. One batch per question.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::{self, ReceivedHeader, VerifiedAccount};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_rlp::Decodable;
use alloy_rpc_types_eth::{EIP1186AccountProofResponse, EIP1186StorageProof};
use alloy_serde::storage::JsonStorageKey;
use alloy_trie::{KECCAK_EMPTY, TrieAccount};
use serde_json::{Value, json};

/// An account proven at a block, with the proof it was proven by and, if asked, its code.
#[derive(Debug, Clone)]
pub struct ProvenAccount {
    /// The proven account.
    pub account: VerifiedAccount,
    /// The proof as received (every claim in it checked).
    pub proof: EIP1186AccountProofResponse,
    /// The code, checked against the proven code hash.
    pub code: Option<Bytes>,
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Proves `address` (and `slots`) at the block of `header`, fetching its code too when `with_code`.
    pub async fn prove_account(&self, header: &ReceivedHeader, address: Address, slots: &[B256], with_code: bool) -> Result<ProvenAccount> {
        let mut proven = self.prove_accounts(header, &[(address, slots.to_vec())], with_code).await?;
        proven.pop().ok_or_else(|| Error::invalid("eth_getProof", "no answer"))
    }

    /// Proves many accounts (with their slots, and code when `with_code`): from MetisDB where it holds
    /// every node, the rest in ONE JSON-RPC batch whose proven nodes and code are then stored.
    pub async fn prove_accounts(&self, header: &ReceivedHeader, wants: &[(Address, Vec<B256>)], with_code: bool) -> Result<Vec<ProvenAccount>> {
        let mut proven = Vec::with_capacity(wants.len());
        for (address, slots) in wants {
            proven.push(self.account_from_store(header, *address, slots, with_code).await?);
        }
        let missing: Vec<usize> = (0..wants.len()).filter(|&i| proven[i].is_none()).collect();
        if missing.is_empty() {
            return Ok(proven.into_iter().flatten().collect());
        }
        let block = json!(format!("{:#x}", header.header.number));
        let mut requests = Vec::with_capacity(missing.len() * 2);
        for &i in &missing {
            let (address, slots) = &wants[i];
            requests.push(("eth_getProof", json!([address, slots, block])));
            if with_code {
                requests.push(("eth_getCode", json!([address, block])));
            }
        }
        let mut answers = self.rpc.batch(&requests).await?.into_iter();
        let (mut nodes, mut codes) = (Vec::new(), Vec::new());
        for &i in &missing {
            let (address, slots) = &wants[i];
            let proof_value = answers.next().ok_or_else(|| Error::invalid("eth_getProof", "no answer"))??;
            let code = match with_code {
                true => {
                    let value = answers.next().ok_or_else(|| Error::invalid("eth_getCode", "no answer"))??;
                    Some(json::parse_hex("eth_getCode", value.as_str().unwrap_or_default())?)
                }
                false => None,
            };
            let account = check_account(header, *address, slots, verify::account_proof_from_json("eth_getProof", &proof_value)?, code)?;
            // Only the nodes the walks used are kept (counted by the verification itself): items a
            // server pads a proof with would fill the store's quota.
            nodes.extend(account.proof.account_proof.iter().take(account.account.proof_used).cloned());
            for (storage, slot) in account.proof.storage_proof.iter().zip(&account.account.storage) {
                nodes.extend(storage.proof.iter().take(slot.proof_used).cloned());
            }
            codes.extend(account.code.clone());
            proven[i] = Some(account);
        }
        self.db.put_proven(nodes, codes).await?;
        Ok(proven.into_iter().flatten().collect())
    }

    /// The account rebuilt from stored nodes and checked exactly as a server's answer would be;
    /// `None` when MetisDB lacks a node or the code.
    pub(super) async fn account_from_store(&self, header: &ReceivedHeader, address: Address, slots: &[B256], with_code: bool) -> Result<Option<ProvenAccount>> {
        let root = header.header.state_root;
        let Some(account_proof) = self.db.proof(root, keccak256(address).as_slice()).await? else { return Ok(None) };
        let leaf = verify::verify_proof(root, keccak256(address).as_slice(), &account_proof).map_err(|e| Error::proof("stored accountProof", e))?;
        let account = match leaf {
            Some(rlp) => TrieAccount::decode(&mut rlp.as_slice()).map_err(|e| Error::invalid("stored account", e))?,
            None => TrieAccount::default(),
        };
        let mut storage_proof = Vec::with_capacity(slots.len());
        for slot in slots {
            let Some(proof) = self.db.proof(account.storage_root, keccak256(slot).as_slice()).await? else { return Ok(None) };
            let value = verify::verify_storage_proof(account.storage_root, *slot, &proof)?;
            storage_proof.push(EIP1186StorageProof { key: JsonStorageKey::Hash(*slot), value, proof });
        }
        // An explicit comparison: the release wasm build mis-evaluated a B256 const pattern here.
        let code = if !with_code {
            None
        } else if account.code_hash == KECCAK_EMPTY {
            Some(Bytes::new())
        } else {
            match self.db.code(account.code_hash).await? {
                Some(code) => Some(code),
                None => return Ok(None),
            }
        };
        let response = EIP1186AccountProofResponse {
            address,
            balance: account.balance,
            code_hash: account.code_hash,
            nonce: account.nonce,
            storage_hash: account.storage_root,
            account_proof,
            storage_proof,
        };
        check_account(header, address, slots, response, code).map(Some)
    }

    /// `eth_getBalance`, `eth_getTransactionCount`, `eth_getStorageAt`, `eth_getCode`, `eth_getProof`.
    pub(super) async fn state_method(&self, method: &str, params: &[Value]) -> Result<Value> {
        let address: Address = json::parse("address", params.first().unwrap_or(&Value::Null))?;
        let (slots, tag) = match method {
            "eth_getStorageAt" => (vec![slot(params.get(1))?], params.get(2)),
            "eth_getProof" => {
                let keys = params.get(1).and_then(Value::as_array).ok_or_else(|| Error::invalid("storageKeys", "expected an array"))?;
                (keys.iter().map(|k| slot(Some(k))).collect::<Result<_>>()?, params.get(2))
            }
            _ => (Vec::new(), params.get(1)),
        };
        let header = self.resolve(tag).await?;
        let proven = self.prove_account(&header, address, &slots, method == "eth_getCode").await?;
        let a = &proven.account;
        Ok(match method {
            "eth_getBalance" => json!(a.balance),
            "eth_getTransactionCount" => json!(format!("{:#x}", a.nonce)),
            "eth_getStorageAt" => json!(B256::from(a.storage.first().map_or(U256::ZERO, |s| s.value))),
            "eth_getCode" => json!(proven.code.unwrap_or_default()),
            _ => {
                // Claims were all checked; the proofs go back without items the walk did not use.
                let mut answer = proven.proof;
                (answer.balance, answer.nonce, answer.code_hash, answer.storage_hash) = (a.balance, a.nonce, a.code_hash, a.storage_hash);
                answer.account_proof.truncate(a.proof_used);
                for (sp, slot) in answer.storage_proof.iter_mut().zip(&a.storage) {
                    sp.proof.truncate(slot.proof_used);
                }
                serde_json::to_value(answer).map_err(|e| Error::invalid("answer", e))?
            }
        })
    }
}

/// Checks one `eth_getProof` (and `eth_getCode`) answer, from a server or rebuilt from MetisDB: the
/// account and slots asked for, proven
/// against the header's state root, and code matching the proven code hash.
fn check_account(header: &ReceivedHeader, address: Address, slots: &[B256], proof: EIP1186AccountProofResponse, code: Option<Bytes>) -> Result<ProvenAccount> {
    if proof.address != address {
        return Err(Error::ClaimMismatch { field: "eth_getProof.address".into(), claimed: proof.address.to_string(), proven: address.to_string() });
    }
    let asked: Vec<B256> = proof.storage_proof.iter().map(|p| p.key.as_b256()).collect();
    if asked != slots {
        return Err(Error::ClaimMismatch { field: "eth_getProof.storageProof".into(), claimed: format!("{asked:?}"), proven: format!("{slots:?} were asked for") });
    }
    let account = verify::verify_account_proof(header.header.state_root, &proof)?;
    if let Some(code) = &code {
        verify::verify_code(account.code_hash, code)?;
    }
    Ok(ProvenAccount { account, proof, code })
}

/// A storage slot as a 32-byte word (accepts short hex quantities too).
fn slot(value: Option<&Value>) -> Result<B256> {
    let key: alloy_serde::storage::JsonStorageKey = json::parse("slot", value.unwrap_or(&Value::Null))?;
    Ok(key.as_b256())
}
