//! Account state at a verified block: `eth_getProof` answers checked against the header's state
//! root; code checked against the proven code hash. One batch per question.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::verify::{self, ReceivedHeader, VerifiedAccount};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_rpc_types_eth::EIP1186AccountProofResponse;
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

impl<T: Transport> LightNode<T> {
    /// Proves `address` (and `slots`) at the block of `header`, fetching its code too when `with_code`.
    pub async fn prove_account(&self, header: &ReceivedHeader, address: Address, slots: &[B256], with_code: bool) -> Result<ProvenAccount> {
        let mut proven = self.prove_accounts(header, &[(address, slots.to_vec())], with_code).await?;
        proven.pop().ok_or_else(|| Error::invalid("eth_getProof", "no answer"))
    }

    /// Proves many accounts (with their slots, and code when `with_code`) in ONE JSON-RPC batch.
    pub async fn prove_accounts(&self, header: &ReceivedHeader, wants: &[(Address, Vec<B256>)], with_code: bool) -> Result<Vec<ProvenAccount>> {
        let block = json!(format!("{:#x}", header.header.number));
        let mut requests = Vec::with_capacity(wants.len() * 2);
        for (address, slots) in wants {
            requests.push(("eth_getProof", json!([address, slots, block])));
            if with_code {
                requests.push(("eth_getCode", json!([address, block])));
            }
        }
        let mut answers = self.rpc.batch(&requests).await?.into_iter();
        let mut proven = Vec::with_capacity(wants.len());
        for (address, slots) in wants {
            let proof_value = answers.next().ok_or_else(|| Error::invalid("eth_getProof", "no answer"))??;
            let code = if with_code { Some(answers.next().ok_or_else(|| Error::invalid("eth_getCode", "no answer"))??) } else { None };
            proven.push(check_account(header, *address, slots, &proof_value, code.as_ref())?);
        }
        Ok(proven)
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
                trim(&mut answer.account_proof, header.header.state_root, keccak256(address).as_slice())?;
                for sp in &mut answer.storage_proof {
                    trim(&mut sp.proof, a.storage_hash, keccak256(sp.key.as_b256()).as_slice())?;
                }
                serde_json::to_value(answer).map_err(|e| Error::invalid("answer", e))?
            }
        })
    }
}

/// Checks one `eth_getProof` (and `eth_getCode`) answer: the account and slots asked for, proven
/// against the header's state root, and code matching the proven code hash.
fn check_account(header: &ReceivedHeader, address: Address, slots: &[B256], proof_value: &Value, code: Option<&Value>) -> Result<ProvenAccount> {
    let proof: EIP1186AccountProofResponse = json::parse("eth_getProof", proof_value)?;
    if proof.address != address {
        return Err(Error::ClaimMismatch { field: "eth_getProof.address".into(), claimed: proof.address.to_string(), proven: address.to_string() });
    }
    let asked: Vec<B256> = proof.storage_proof.iter().map(|p| p.key.as_b256()).collect();
    if asked != slots {
        return Err(Error::ClaimMismatch { field: "eth_getProof.storageProof".into(), claimed: format!("{asked:?}"), proven: format!("{slots:?} were asked for") });
    }
    let account = verify::verify_account_proof(header.header.state_root, &proof)?;
    let code = match code {
        Some(code) => {
            let code = json::parse_hex("eth_getCode", code.as_str().unwrap_or_default())?;
            verify::verify_code(account.code_hash, &code)?;
            Some(code)
        }
        None => None,
    };
    Ok(ProvenAccount { account, proof, code })
}

/// Drops proof items past those the walk from `root` to `key` uses.
fn trim(proof: &mut Vec<Bytes>, root: B256, key: &[u8]) -> Result<()> {
    let (_, used) = verify::mpt::walk(root, key, proof).map_err(|e| Error::proof("proof", e))?;
    proof.truncate(used);
    Ok(())
}

/// A storage slot as a 32-byte word (accepts short hex quantities too).
fn slot(value: Option<&Value>) -> Result<B256> {
    let key: alloy_serde::storage::JsonStorageKey = json::parse("slot", value.unwrap_or(&Value::Null))?;
    Ok(key.as_b256())
}
