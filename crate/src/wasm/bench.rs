//! Bench and test helpers, and the consensus-spec runner: in the full build only (the npm package's
//! `metis-lightnode/bench` entry and the lazily loaded module), so a wallet's first module carries none.

use super::{from_js, js_error, string, to_js};
use crate::error::Error;
use wasm_bindgen::prelude::*;

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
    super::promise(async move {
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

/// Bench: MetisDB on IndexedDB: batched writes of `count` nodes, reopen time, cached read latency.
#[wasm_bindgen(js_name = benchStore)]
pub fn bench_store(count: u32) -> js_sys::Promise {
    use crate::store::IndexedDbStore;
    const NAME: &str = "metis-lightnode-bench";
    super::promise(async move {
        let store = IndexedDbStore::open(NAME).await.map_err(js_error)?;
        let reopen = |s: IndexedDbStore| async move {
            s.close();
            IndexedDbStore::open(NAME).await
        };
        let result = crate::bench::store_workload(store, reopen, count, js_sys::Date::now).await.map_err(js_error)?;
        to_js(&result)
    })
}
