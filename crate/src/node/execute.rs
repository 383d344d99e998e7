//! `eth_call`, `eth_estimateGas` and `eth_createAccessList` executed locally by MetisVM over state
//! proven against the block's state root. Cold: the server's access list is only a hint for ONE
//! batch of `eth_getProof` + `eth_getCode`; whatever the hint missed is fetched, proven, and the call
//! re-run. Warm: state proven earlier at the same block answers with no RPC at all.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::ReceivedHeader;
use crate::vm::{self, Execution, Interrupted, Missing, Outcome, ProofDb};
use alloy_eips::eip2930::{AccessList, AccessListItem};
use alloy_primitives::{Address, B256, TxKind, U256};
use alloy_rpc_types_eth::TransactionRequest;
use alloy_rpc_types_eth::state::StateOverride;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Re-runs allowed after misses before giving up (each fetches at least one proven item).
const MAX_RERUNS: usize = 256;
/// Most accounts, and storage slots, a server's access-list hint adds to the first proof batch.
pub(super) const MAX_HINT_ACCOUNTS: usize = 256;
pub(super) const MAX_HINT_SLOTS: usize = 1024;
/// Blocks whose proven state is kept for warm calls.
const CACHED_BLOCKS: usize = 8;

impl<T: Transport, S: Store> LightNode<T, S> {
    pub(super) async fn execute(&self, method: &str, params: &[Value]) -> Result<Value> {
        let request = super::request_json::request_from_json("transaction", params.first().unwrap_or(&Value::Null))?;
        // geth's third parameter of eth_call and eth_estimateGas: state overrides.
        let overrides: StateOverride = match params.get(2) {
            Some(value) if method != "eth_createAccessList" && !value.is_null() => super::request_json::overrides_from_json(value)?,
            _ => StateOverride::default(),
        };
        let header = self.resolve(params.get(1)).await?;
        let mut db = self.take_state(&header);
        let answer = match method {
            "eth_estimateGas" => self.estimate_gas(&header, &request, &overrides, &mut db).await,
            "eth_createAccessList" => self.create_access_list(&header, &request, &mut db).await,
            _ => self.call(&header, &request, &overrides, &mut db).await,
        };
        self.keep_state(&header, db);
        answer
    }

    async fn call(&self, header: &ReceivedHeader, request: &TransactionRequest, overrides: &StateOverride, db: &mut ProofDb) -> Result<Value> {
        let ex = self.run_proven(header, request, overrides, None, db).await?;
        match ex.outcome {
            Outcome::Success(output) => Ok(json!(output)),
            Outcome::Revert(data) => Err(reverted(data)),
            Outcome::Halt(reason) => Err(Error::Halted(reason)),
        }
    }

    /// The lowest gas limit at which the call succeeds, by binary search over warm state.
    async fn estimate_gas(&self, header: &ReceivedHeader, request: &TransactionRequest, overrides: &StateOverride, db: &mut ProofDb) -> Result<Value> {
        let cap = request.gas.unwrap_or(header.header.gas_limit).min(self.options.max_call_gas);
        let first = self.run_proven(header, request, overrides, Some(cap), db).await?;
        match first.outcome {
            Outcome::Success(_) => {}
            Outcome::Revert(data) => return Err(reverted(data)),
            Outcome::Halt(reason) => return Err(Error::Halted(reason)),
        }
        let (mut lo, mut hi) = (first.gas_used.saturating_sub(1), cap);
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            match self.run_proven(header, request, overrides, Some(mid), db).await?.outcome {
                Outcome::Success(_) => hi = mid,
                Outcome::Revert(_) | Outcome::Halt(_) => lo = mid,
            }
        }
        Ok(json!(format!("{hi:#x}")))
    }

    /// The accounts and slots the call touches (less sender, recipient and precompiles, as geth
    /// reports them), and the gas it uses with that list.
    async fn create_access_list(&self, header: &ReceivedHeader, request: &TransactionRequest, db: &mut ProofDb) -> Result<Value> {
        let none = StateOverride::default();
        let ex = self.run_proven(header, request, &none, None, db).await?;
        let from = request.from.unwrap_or(Address::ZERO);
        let to = match request.to {
            Some(TxKind::Call(to)) => Some(to),
            _ => None,
        };
        let mut items: Vec<AccessListItem> = ex
            .accessed
            .into_iter()
            .filter(|(a, slots)| *a != from && Some(*a) != to && !is_precompile(a) && (*a != header.header.beneficiary || !slots.is_empty()))
            .map(|(address, slots)| AccessListItem { address, storage_keys: slots.into_iter().map(B256::from).collect() })
            .collect();
        items.sort_by_key(|i| i.address);
        let list = AccessList(items);
        let mut with_list = request.clone();
        with_list.access_list = Some(list.clone());
        let gas = self.run_proven(header, &with_list, &none, None, db).await?;
        let mut answer = json!({ "accessList": list, "gasUsed": format!("{:#x}", gas.gas_used) });
        if let Outcome::Revert(data) = gas.outcome {
            answer["error"] = json!(reverted(data).to_string());
        }
        Ok(answer)
    }

    /// Runs the call until it finishes over proven state: the first miss prefetches what the server's
    /// access list names in one batch; later misses are fetched one by one.
    async fn run_proven(&self, header: &ReceivedHeader, request: &TransactionRequest, overrides: &StateOverride, gas: Option<u64>, db: &mut ProofDb) -> Result<Execution> {
        let fork = self.spec.evm_fork_at(&header.header);
        let spec = vm::spec_id(fork);
        let block = vm::block_env(&header.header, fork);
        let tx = vm::tx_env(request, self.spec.chain_id, gas.or(request.gas).unwrap_or(header.header.gas_limit).min(self.options.max_call_gas))?;
        let mut prefetched = false;
        for _ in 0..MAX_RERUNS {
            match vm::run(vm::Overridden::new(db, overrides)?, spec, self.spec.chain_id, block.clone(), tx.clone()) {
                Ok(ex) => {
                    if let Some((opaque, _)) = ex.accessed.iter().find(|(a, _)| self.spec.opaque.contains(a)) {
                        return Err(Error::NotVerifiable(format!("a call that reaches {opaque} (it runs a language model; no light client can re-run it)")));
                    }
                    return Ok(ex);
                }
                Err(Interrupted::Refused(e)) => return Err(e),
                Err(Interrupted::Missing(missing)) if !prefetched => {
                    if !self.serve_from_store(header, &missing, db).await? {
                        prefetched = true;
                        self.prefetch(header, request, db, missing).await?;
                    }
                }
                Err(Interrupted::Missing(missing)) => self.fetch_missing(header, missing, db).await?,
            }
        }
        Err(Error::Halted(format!("state still missing after {MAX_RERUNS} fetches")))
    }

    /// One `eth_createAccessList` hint, then one batch proving everything it names.
    async fn prefetch(&self, header: &ReceivedHeader, request: &TransactionRequest, db: &mut ProofDb, first: Missing) -> Result<()> {
        let mut wants: BTreeMap<Address, Vec<B256>> = BTreeMap::new();
        match &first {
            Missing::Account(a) | Missing::Storage(a, _) => wants.entry(*a).or_default(),
            Missing::BlockHash(_) => return self.fetch_missing(header, first, db).await,
        };
        if let Missing::Storage(a, slot) = first {
            wants.entry(a).or_default().push(B256::from(slot));
        }
        wants.entry(request.from.unwrap_or(Address::ZERO)).or_default();
        if let Some(TxKind::Call(to)) = request.to {
            wants.entry(to).or_default();
        }
        wants.entry(header.header.beneficiary).or_default();
        // The hint is untrusted and optional: whatever it names is proven before use, and a
        // server that cannot give one only costs extra round trips.
        let block = json!(format!("{:#x}", header.header.number));
        let hint = self.rpc.call("eth_createAccessList", json!([request, block])).await.ok();
        if let Some(Ok(list)) = hint.map(|h| json::parse::<AccessList>("accessList", h.get("accessList").unwrap_or(&Value::Null))) {
            // The server picks the hint's size: past the bound, the rest is proven as the run misses it.
            let mut slots = 0;
            for item in list.0.into_iter().take(MAX_HINT_ACCOUNTS) {
                let keys: Vec<B256> = item.storage_keys.into_iter().take(MAX_HINT_SLOTS.saturating_sub(slots)).collect();
                slots += keys.len();
                wants.entry(item.address).or_default().extend(keys);
            }
        }
        let wants: Vec<(Address, Vec<B256>)> = wants.into_iter().filter(|(a, slots)| !db.has_account(a) || !slots.is_empty()).collect();
        for proven in self.prove_accounts(header, &wants, true).await? {
            db.insert_account(&proven.account, proven.code)?;
        }
        Ok(())
    }

    /// Serves a miss from MetisDB or the verified header chain, without any RPC; `false` if neither
    /// holds it.
    async fn serve_from_store(&self, header: &ReceivedHeader, missing: &Missing, db: &mut ProofDb) -> Result<bool> {
        match *missing {
            Missing::Account(address) => match self.account_from_store(header, address, &[], true).await? {
                Some(proven) => db.insert_account(&proven.account, proven.code).map(|()| true),
                None => Ok(false),
            },
            Missing::Storage(address, slot) => {
                let known = db.has_account(&address);
                match self.account_from_store(header, address, &[B256::from(slot)], !known).await? {
                    Some(proven) if known => {
                        db.insert_slots(&proven.account);
                        Ok(true)
                    }
                    Some(proven) => db.insert_account(&proven.account, proven.code).map(|()| true),
                    None => Ok(false),
                }
            }
            Missing::BlockHash(number) => match self.chain.borrow().at(number) {
                Some(h) => {
                    db.insert_block_hash(number, h.hash);
                    Ok(true)
                }
                None => Ok(false),
            },
        }
    }

    pub(super) async fn fetch_missing(&self, header: &ReceivedHeader, missing: Missing, db: &mut ProofDb) -> Result<()> {
        match missing {
            Missing::Account(address) => {
                let proven = self.prove_account(header, address, &[], true).await?;
                db.insert_account(&proven.account, proven.code)
            }
            Missing::Storage(address, slot) => {
                let known = db.has_account(&address);
                let proven = self.prove_account(header, address, &[B256::from(slot)], !known).await?;
                if known {
                    db.insert_slots(&proven.account);
                    Ok(())
                } else {
                    db.insert_account(&proven.account, proven.code)
                }
            }
            Missing::BlockHash(number) => {
                let hash = self.header_at(number).await?.hash;
                db.insert_block_hash(number, hash);
                Ok(())
            }
        }
    }

    /// The state proven at `header`, keyed by its hash: a request that held it across a reorg puts
    /// it back under the replaced block, where no request on the new branch will find it.
    pub(super) fn take_state(&self, header: &ReceivedHeader) -> ProofDb {
        let mut cache = self.state_cache.borrow_mut();
        cache.iter().position(|(n, h, _)| *n == header.header.number && *h == header.hash).and_then(|i| cache.remove(i)).map(|(_, _, db)| db).unwrap_or_default()
    }

    pub(super) fn keep_state(&self, header: &ReceivedHeader, db: ProofDb) {
        let mut cache = self.state_cache.borrow_mut();
        cache.push_back((header.header.number, header.hash, db));
        while cache.len() > CACHED_BLOCKS {
            cache.pop_front();
        }
    }
}

fn reverted(data: alloy_primitives::Bytes) -> Error {
    let reason = alloy_sol_types::decode_revert_reason(&data);
    Error::Reverted { data, reason }
}

/// The precompiles up to Osaka: 0x01..=0x11 and P256VERIFY at 0x100.
fn is_precompile(address: &Address) -> bool {
    let n = U256::from_be_slice(address.as_slice());
    (n >= U256::from(1) && n <= U256::from(0x11)) || n == U256::from(0x100)
}
