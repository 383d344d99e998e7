//! The JavaScript binding: converts values and errors at the boundary and calls [`crate::api`].
//! No logic lives here; every function returns a typed error, never traps.

use crate::api;
use crate::chain::ChainSpec;
use crate::error::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "full")]
mod bench;
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

// Values cross the boundary as JSON text (the engine's `JSON.stringify` and `JSON.parse`, serde_json
// on this side, which parses every RPC answer already) rather than through serde-wasm-bindgen, whose
// serializer and deserializer were their own copies of every type's serde code.
/// A caller's JS value as JSON: `undefined` is `null`; what JSON cannot hold (a BigInt, a cycle) is
/// refused, where serde-wasm-bindgen took a BigInt as a number.
fn from_js(what: &str, value: JsValue) -> Result<serde_json::Value, JsValue> {
    if value.is_undefined() {
        return Ok(serde_json::Value::Null);
    }
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| js_error(Error::invalid(what, "not representable as JSON (a BigInt, a function or a cycle)")))?;
    // From bytes, as RPC answers are parsed: one instance of serde_json's parser in the module.
    serde_json::from_slice(text.as_bytes()).map_err(|e| js_error(Error::invalid(what, e)))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| js_error(Error::invalid("result", e)))?;
    js_sys::JSON::parse(&text)
}

/// A Promise of `future`'s answer. Boxed, so one instance of wasm-bindgen-futures' driver serves
/// every method: each future type was its own copy of it, about 1.6 KB of code apiece.
fn promise(future: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static) -> js_sys::Promise {
    let boxed: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
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

/// Bootstraps the beacon light client (`{api, checkpoint, network?, now?, allowOldCheckpoint?}`),
/// follows it to now and says what it proved.
#[wasm_bindgen(js_name = beaconSync)]
pub async fn beacon_sync(options: JsValue) -> Result<JsValue, JsValue> {
    use crate::beacon::{BeaconConfig, BeaconSync, Mainnet};
    let config = BeaconConfig::from_json("options", &from_js("options", options)?).map_err(js_error)?;
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

/// Why a node created with `options` needs the full module (it re-executes each block: validating
/// mode, or a sequencer chain MetisVM re-executes), or `null`: the package's entry picks the module
/// to create it in by this.
#[wasm_bindgen(js_name = fullBuildNeeded)]
pub fn full_build_needed(options: JsValue) -> Result<Option<String>, JsValue> {
    let config = crate::node::NodeConfig::from_json("options", &from_js("options", options)?).map_err(js_error)?;
    Ok(config.full_build_needed().map(str::to_owned))
}

/// Every JSON-RPC method the node answers itself.
#[wasm_bindgen(js_name = verifiedMethods)]
pub fn verified_methods() -> Vec<String> {
    crate::node::METHODS.iter().map(|m| (*m).to_owned()).collect()
}

/// Checks every entry of MetisDB on the IndexedDB database `name`: content re-hashes, headers decode
/// under their number, only whole batches are stored (`{content, headers, corrupt, batches, partialBatches}`).
#[wasm_bindgen(js_name = checkStore)]
pub fn check_store(name: String) -> js_sys::Promise {
    use crate::store::{IndexedDbStore, MetisDb};
    promise(async move {
        let db = MetisDb::new(IndexedDbStore::open(&name).await.map_err(js_error)?);
        let check = db.check().await.map_err(js_error)?;
        db.into_backend().close();
        to_js(&check)
    })
}

