//! The JavaScript binding: converts values and errors at the boundary and calls [`crate::api`].
//! No logic lives here; every function returns a typed error, never traps.

use crate::api;
use crate::chain::ChainSpec;
use crate::error::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod node;

/// A JS `Error` whose `code` is the stable [`Error::code`] and whose message names the field at fault.
fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("LightnodeError");
    // Setting a property on a fresh Error object cannot fail; if it ever did, the message still stands.
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code().into());
    let _ = js_sys::Reflect::set(&err, &"rpcCode".into(), &(e.rpc_code() as f64).into());
    if let Error::Reverted { data, .. } = &e {
        let _ = js_sys::Reflect::set(&err, &"data".into(), &data.to_string().into());
    }
    err.into()
}

fn from_js(what: &str, value: JsValue) -> Result<serde_json::Value, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(Error::invalid(what, e)))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(Error::invalid("result", e)))
}

/// A block number from JS: a non-negative integer within 2^53.
fn block_number(value: f64) -> Result<u64, JsValue> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0 {
        Ok(value as u64)
    } else {
        Err(js_error(Error::invalid("number", format!("{value} is not a block number"))))
    }
}

fn string(what: &str, value: &JsValue) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| js_error(Error::invalid(what, "expected a string")))
}

/// A JS array of strings, read without a JSON detour (proofs are the hot path).
fn strings(what: &str, value: &JsValue) -> Result<Vec<String>, JsValue> {
    let array = value.dyn_ref::<js_sys::Array>().ok_or_else(|| js_error(Error::invalid(what, "expected an array")))?;
    array.iter().enumerate().map(|(i, item)| string(&format!("{what}[{i}]"), &item)).collect()
}

/// The hash of an `eth_getBlockBy*` header object.
#[wasm_bindgen(js_name = blockHash)]
pub fn block_hash(header: JsValue) -> Result<String, JsValue> {
    api::block_hash(&from_js("header", header)?).map(|h| h.to_string()).map_err(js_error)
}

/// A header's RLP decoded to an `eth_getBlockBy*`-shaped object with its `hash`.
#[wasm_bindgen(js_name = decodeHeader)]
pub fn decode_header(rlp: JsValue) -> Result<JsValue, JsValue> {
    to_js(&api::decode_header(&string("rlp", &rlp)?).map_err(js_error)?)
}

/// Runs one consensus-spec light-client test from its files (`{name: Uint8Array}`); the number of steps.
#[wasm_bindgen(js_name = lightClientTest)]
pub fn light_client_test(files: JsValue) -> Result<u32, JsValue> {
    let object = files.dyn_ref::<js_sys::Object>().ok_or_else(|| js_error(Error::invalid("files", "expected an object of Uint8Arrays")))?;
    let mut read = std::collections::HashMap::new();
    for entry in js_sys::Object::entries(object).iter() {
        let pair = js_sys::Array::from(&entry);
        let bytes = pair.get(1).dyn_into::<js_sys::Uint8Array>().map_err(|_| js_error(Error::invalid("files", "expected Uint8Array values")))?;
        read.insert(string("files", &pair.get(0))?, bytes.to_vec());
    }
    let steps = crate::beacon::spec_test::run(&|name: &str| read.get(name).cloned()).map_err(|e| js_error(crate::beacon::BeaconError::Invalid(e).into()))?;
    Ok(u32::try_from(steps).unwrap_or(u32::MAX))
}

/// Bootstraps the beacon light client (`{api, checkpoint, network?, now?, allowOldCheckpoint?}`),
/// follows it to now and says what it proved.
#[wasm_bindgen(js_name = beaconSync)]
pub async fn beacon_sync(options: JsValue) -> Result<JsValue, JsValue> {
    use crate::beacon::{BeaconConfig, BeaconSync, Mainnet};
    let config: BeaconConfig = serde_wasm_bindgen::from_value(options).map_err(|e| js_error(Error::invalid("options", e)))?;
    let transport = crate::rpc::fetch::FetchTransport;
    let now = js_sys::Date::now() as u64 / 1000;
    let mut sync = BeaconSync::<Mainnet>::bootstrap(&transport, &config, now).await.map_err(|e| js_error(e.into()))?;
    sync.advance(&transport).await.map_err(|e| js_error(e.into()))?;
    to_js(&sync.status())
}

/// Verifies that headers link to each other and to the checkpoint `{number, hash}`.
#[wasm_bindgen(js_name = verifyHeaderChain)]
pub fn verify_header_chain(headers: JsValue, checkpoint: JsValue) -> Result<JsValue, JsValue> {
    let verified = api::verify_header_chain(&from_js("headers", headers)?, &from_js("checkpoint", checkpoint)?)
        .map_err(js_error)?;
    to_js(&verified)
}

/// The value a Merkle-Patricia proof shows for `key` under `root`, or `null` for a proven absence.
#[wasm_bindgen(js_name = verifyMptProof)]
pub fn verify_mpt_proof(root: JsValue, key: JsValue, proof: JsValue) -> Result<JsValue, JsValue> {
    let value = api::verify_mpt_proof(&string("root", &root)?, &string("key", &key)?, &strings("proof", &proof)?)
        .map_err(js_error)?;
    Ok(value.map_or(JsValue::NULL, JsValue::from))
}

/// An `eth_getProof` answer verified against a state root.
#[wasm_bindgen(js_name = verifyAccountProof)]
pub fn verify_account_proof(state_root: JsValue, result: JsValue) -> Result<JsValue, JsValue> {
    let account = api::verify_account_proof(&string("stateRoot", &state_root)?, &from_js("getProofResult", result)?)
        .map_err(js_error)?;
    to_js(&account)
}

/// Checks contract code against a proven code hash.
#[wasm_bindgen(js_name = verifyCode)]
pub fn verify_code(code_hash: JsValue, code: JsValue) -> Result<(), JsValue> {
    api::verify_code(&string("codeHash", &code_hash)?, &string("code", &code)?).map_err(js_error)
}

/// A block object checked against its own header (hash, transactions, withdrawals, uncles).
#[wasm_bindgen(js_name = verifyBlock)]
pub fn verify_block(block: JsValue) -> Result<JsValue, JsValue> {
    to_js(&api::verify_block(&from_js("block", block)?).map_err(js_error)?)
}

/// `transactionsRoot` of RPC transaction objects or raw `0x` EIP-2718 strings.
#[wasm_bindgen(js_name = transactionsRoot)]
pub fn transactions_root(txs: JsValue) -> Result<String, JsValue> {
    api::transactions_root(&from_js("txs", txs)?).map(|r| r.to_string()).map_err(js_error)
}

/// `receiptsRoot` of RPC receipt objects.
#[wasm_bindgen(js_name = receiptsRoot)]
pub fn receipts_root(receipts: JsValue) -> Result<String, JsValue> {
    api::receipts_root(&from_js("receipts", receipts)?).map(|r| r.to_string()).map_err(js_error)
}

/// Bench helper: a recorded beacon sync, decoded once (`{root, bootstrap, updates, finality, optimistic, nowSlot}`).
#[wasm_bindgen(js_name = BeaconBench)]
pub struct BeaconBench(crate::bench::BeaconCase);

#[wasm_bindgen(js_class = BeaconBench)]
impl BeaconBench {
    /// Decodes the recording.
    #[wasm_bindgen(constructor)]
    pub fn new(recording: JsValue) -> Result<BeaconBench, JsValue> {
        let r = from_js("recording", recording)?;
        let now = r.get("nowSlot").and_then(serde_json::Value::as_u64).unwrap_or_default();
        let root = r.get("root").and_then(serde_json::Value::as_str).unwrap_or_default();
        let null = serde_json::Value::Null;
        let field = |k: &str| r.get(k).unwrap_or(&null);
        crate::bench::beacon_case(root, field("bootstrap"), field("updates"), field("finality"), field("optimistic"), now).map(Self).map_err(js_error)
    }

    /// Verifies the bootstrap and the first `updates` updates; the finalized slot reached.
    pub fn sync(&self, updates: u32) -> Result<f64, JsValue> {
        crate::bench::beacon_sync(&self.0, updates as usize).map(|slot| slot as f64).map_err(js_error)
    }
}

/// `withdrawalsRoot` of RPC withdrawal objects.
#[wasm_bindgen(js_name = withdrawalsRoot)]
pub fn withdrawals_root(withdrawals: JsValue) -> Result<String, JsValue> {
    api::withdrawals_root(&from_js("withdrawals", withdrawals)?).map(|r| r.to_string()).map_err(js_error)
}

/// Checks that `receipt` is item `index` of the receipts trie under `receiptsRoot`.
#[wasm_bindgen(js_name = verifyReceiptProof)]
pub fn verify_receipt_proof(receipts_root: JsValue, index: u32, receipt: JsValue, proof: JsValue) -> Result<(), JsValue> {
    api::verify_receipt_proof(&string("receiptsRoot", &receipts_root)?, index.into(), &from_js("receipt", receipt)?, &from_js("proof", proof)?)
        .map_err(js_error)
}

/// Checks that `tx` is item `index` of the transactions trie under `transactionsRoot`.
#[wasm_bindgen(js_name = verifyTransactionProof)]
pub fn verify_transaction_proof(transactions_root: JsValue, index: u32, tx: JsValue, proof: JsValue) -> Result<(), JsValue> {
    api::verify_transaction_proof(&string("transactionsRoot", &transactions_root)?, index.into(), &from_js("tx", tx)?, &from_js("proof", proof)?)
        .map_err(js_error)
}

/// The chain preset called `name` (`devnet`, `ethereum`, `andromeda`, `metis-sepolia`, `hyperion`, `lazai`).
#[wasm_bindgen(js_name = chainPreset)]
pub fn chain_preset(name: JsValue) -> Result<JsValue, JsValue> {
    to_js(ChainSpec::by_name(&string("name", &name)?).map_err(js_error)?)
}

/// Every chain preset.
#[wasm_bindgen(js_name = chainPresets)]
pub fn chain_presets() -> Result<JsValue, JsValue> {
    to_js(&crate::chain::presets::ALL)
}

/// Every `code` an error of this module carries.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    crate::Error::CODES.iter().map(|c| (*c).to_owned()).collect()
}

/// Every JSON-RPC method the node answers itself.
#[wasm_bindgen(js_name = verifiedMethods)]
pub fn verified_methods() -> Vec<String> {
    crate::node::METHODS.iter().map(|m| (*m).to_owned()).collect()
}

/// Bench: verifies every account and storage proof of `[{stateRoot, proof}]` `rounds` times.
#[wasm_bindgen(js_name = benchVerifyProofs)]
pub fn bench_verify_proofs(cases: JsValue, rounds: u32) -> Result<u32, JsValue> {
    let cases = crate::bench::proof_cases(&from_js("cases", cases)?).map_err(js_error)?;
    let n = crate::bench::verify_proof_cases(&cases, rounds as usize).map_err(js_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Bench: verifies whole `eth_getProof` answers `[{stateRoot, proof}]` `rounds` times.
#[wasm_bindgen(js_name = benchAccountProofs)]
pub fn bench_account_proofs(cases: JsValue, rounds: u32) -> Result<u32, JsValue> {
    let answers = crate::bench::account_proofs(&from_js("cases", cases)?).map_err(js_error)?;
    let n = crate::bench::verify_account_proof_rounds(&answers, rounds as usize).map_err(js_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Bench: hashes `count` messages of `len` bytes in one batch `rounds` times, with `"keccak256"` or
/// `"sha256"` (64-byte messages); returns the messages hashed.
#[wasm_bindgen(js_name = benchHash)]
pub fn bench_hash(hash: &str, len: u32, count: u32, rounds: u32) -> Result<u32, JsValue> {
    let sha256 = match hash {
        "keccak256" => false,
        "sha256" => true,
        other => return Err(js_error(crate::Error::invalid("hash", format!("{other} is not keccak256 or sha256")))),
    };
    let n = crate::bench::hash_batch_rounds(sha256, len as usize, count as usize, rounds as usize).map_err(js_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Bench: calls `data` on `code` in MetisVM `rounds` times from the same state; the gas of one call.
#[wasm_bindgen(js_name = benchEvm)]
pub fn bench_evm(code: &[u8], data: &[u8], rounds: u32) -> Result<f64, JsValue> {
    crate::bench::evm_rounds(code, data, rounds as usize).map(|gas| gas as f64).map_err(js_error)
}

/// Bench: decodes, hashes and links `headers` `rounds` times.
#[wasm_bindgen(js_name = benchVerifyHeaders)]
pub fn bench_verify_headers(headers: JsValue, rounds: u32) -> Result<u32, JsValue> {
    let n = crate::bench::verify_header_rounds(&from_js("headers", headers)?, rounds as usize).map_err(js_error)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Bench: the hive chain decoded once, then replayed from genesis (`replay()`) or only its trie work
/// redone (`roots()`), each call timed by the caller.
#[wasm_bindgen(js_name = HiveBench)]
pub struct HiveBench(crate::bench::HiveWorkload);

#[wasm_bindgen(js_class = HiveBench)]
impl HiveBench {
    /// Decodes `genesis.json` text and `chain.rlp` bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(genesis: String, chain: Vec<u8>) -> Result<HiveBench, JsValue> {
        crate::bench::HiveWorkload::new(&genesis, &chain).map(Self).map_err(js_error)
    }

    /// Re-executes and checks every block; returns `{blocks, transactions, gas}`.
    pub fn replay(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.0.replay(&crate::chain::presets::HIVE).map_err(js_error)?)
    }

    /// Checks every header against its parent `rounds` times; returns the headers checked.
    #[wasm_bindgen(js_name = headerRules)]
    pub fn header_rules(&self, rounds: u32) -> Result<u32, JsValue> {
        let n = self.0.header_rules(&crate::chain::presets::HIVE, rounds as usize).map_err(js_error)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Redoes the last replay's trie work; returns the blocks done.
    pub fn roots(&self) -> Result<u32, JsValue> {
        Ok(u32::try_from(self.0.roots().map_err(js_error)?).unwrap_or(u32::MAX))
    }
}

/// Writes `batches` batches of `per_batch` trie-node-sized entries into MetisDB on the IndexedDB
/// database `name`, each batch one transaction (entries differ per `seed`); for crash and quota
/// tests. Resolves to the MetisDB counters (`evicted` among them).
#[wasm_bindgen(js_name = fillStore)]
pub fn fill_store(name: String, batches: u32, per_batch: u32, seed: u32) -> js_sys::Promise {
    use crate::store::{IndexedDbStore, MetisDb};
    wasm_bindgen_futures::future_to_promise(async move {
        let db = MetisDb::new(IndexedDbStore::open(&name).await.map_err(js_error)?);
        for b in 0..batches {
            let nodes = (0..per_batch).map(|i| {
                let word = alloy_primitives::keccak256([seed.to_be_bytes(), b.to_be_bytes(), i.to_be_bytes()].concat());
                alloy_primitives::Bytes::from(word.repeat(16))
            });
            db.put_proven(nodes, std::iter::empty()).await.map_err(js_error)?;
        }
        to_js(&db.stats())
    })
}

/// Checks every entry of MetisDB on the IndexedDB database `name`: content re-hashes, headers decode
/// under their number, only whole batches are stored (`{content, headers, corrupt, batches, partialBatches}`).
#[wasm_bindgen(js_name = checkStore)]
pub fn check_store(name: String) -> js_sys::Promise {
    use crate::store::{IndexedDbStore, MetisDb};
    wasm_bindgen_futures::future_to_promise(async move {
        let db = MetisDb::new(IndexedDbStore::open(&name).await.map_err(js_error)?);
        let check = db.check().await.map_err(js_error)?;
        db.into_backend().close();
        to_js(&check)
    })
}

/// Bench: MetisDB on IndexedDB: batched writes of `count` nodes, reopen time, cached read latency.
#[wasm_bindgen(js_name = benchStore)]
pub fn bench_store(count: u32) -> js_sys::Promise {
    use crate::store::IndexedDbStore;
    const NAME: &str = "metis-lightnode-bench";
    wasm_bindgen_futures::future_to_promise(async move {
        let store = IndexedDbStore::open(NAME).await.map_err(js_error)?;
        let reopen = |s: IndexedDbStore| async move {
            s.close();
            IndexedDbStore::open(NAME).await
        };
        let result = crate::bench::store_workload(store, reopen, count, js_sys::Date::now).await.map_err(js_error)?;
        to_js(&result)
    })
}
