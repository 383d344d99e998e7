//! The `LightNode` JS class: creation from an options object, `request({method, params})`, head and
//! round-trip counters. The npm entry wraps it into an EIP-1193 provider.

use super::{from_js, js_error, promise, to_js};
use crate::node::{LightNode, NodeConfig};
use crate::error::Error;
use crate::rpc::fetch::FetchTransport;
use crate::store::{AnyStore, IndexedDbStore, MemoryStore};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A light client over fetch; every answer verified.
#[wasm_bindgen(js_name = WasmLightNode)]
pub struct JsLightNode {
    inner: Rc<LightNode<FetchTransport>>,
}

#[wasm_bindgen(js_class = WasmLightNode)]
impl JsLightNode {
    /// `WasmLightNode.create({chain, rpc, checkpoint: {number, hash}, store?, passthrough?, timeoutMs?})`;
    /// `store: 'indexeddb'` keeps proven data across reloads (one database per chain).
    /// `onProgress({from, linked, target})` follows the first header sync; an aborted `signal` cancels it.
    pub async fn create(options: JsValue, on_progress: Option<js_sys::Function>, signal: JsValue) -> Result<JsLightNode, JsValue> {
        let config = NodeConfig::from_json("options", &from_js("options", options)?).map_err(js_error)?;
        let store = match config.store.as_deref() {
            None | Some("memory") => AnyStore::Memory(MemoryStore::default()),
            Some("indexeddb") => AnyStore::IndexedDb(IndexedDbStore::open(&format!("metis-lightnode-{}", config.chain)).await.map_err(js_error)?),
            Some(other) => return Err(js_error(Error::invalid("options.store", format!("`{other}`: expected `memory` or `indexeddb`")))),
        };
        let node = LightNode::from_config_observed(&config, FetchTransport, store, &mut observer(on_progress, signal)).await.map_err(js_error)?;
        Ok(Self { inner: Rc::new(node) })
    }

    /// MetisDB counters: written, bytesWritten, hits, misses, corrupt.
    #[wasm_bindgen(js_name = storeStats)]
    pub fn store_stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.store().stats())
    }

    /// Checks every stored entry (a Promise of `{content, headers, corrupt, batches, partialBatches}`).
    #[wasm_bindgen(js_name = checkStore)]
    pub fn check_store(&self) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move { to_js(&node.store().check().await.map_err(js_error)?) })
    }

    /// Empties MetisDB (a Promise).
    #[wasm_bindgen(js_name = clearStore)]
    pub fn clear_store(&self) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move {
            node.store().clear().await.map_err(js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Answers `{method, params}` with verified data (a Promise).
    pub fn request(&self, args: JsValue) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move {
            let args = from_js("request", args)?;
            let method = args.get("method").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
            let params = args.get("params").cloned().unwrap_or(serde_json::Value::Null);
            let answer = node.request(&method, &params).await.map_err(js_error)?;
            to_js(&answer)
        })
    }

    /// Re-executes block `number` on a witness proven against its parent and checks gas, receipts,
    /// bloom, requests and the state root (a Promise of the report). `onProgress({round, done,
    /// transactions})` is called after each transaction; an aborted `signal` cancels.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = verifyBlockExecution)]
    pub fn verify_block_execution(&self, number: f64, on_progress: Option<js_sys::Function>, signal: JsValue) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move {
            let number = super::block_number(number)?;
            to_js(&node.verify_block_execution_observed(number, &mut observer(on_progress, signal)).await.map_err(js_error)?)
        })
    }

    /// Links headers up to the server's head (a Promise of the new head number), with progress and
    /// cancel as in `create`.
    pub fn sync(&self, on_progress: Option<js_sys::Function>, signal: JsValue) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move { Ok(JsValue::from_f64(node.sync_observed(&mut observer(on_progress, signal)).await.map_err(js_error)? as f64)) })
    }

    /// The verified header at `number`, linked to the checkpoint (a Promise of an `eth_getBlockBy*`
    /// shaped header object; from the verified chain, or linked from the server when not yet known).
    pub fn header(&self, number: f64) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move {
            let number = super::block_number(number)?;
            to_js(&crate::node::present_header(&node.header_at(number).await.map_err(js_error)?).map_err(js_error)?)
        })
    }

    /// Who signed block `number` (Metis chains): `{number, hash, verdict, signer?, epoch?}` (a Promise).
    #[wasm_bindgen(js_name = verifySequencer)]
    pub fn verify_sequencer(&self, number: f64) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move {
            let number = super::block_number(number)?;
            to_js(&node.verify_sequencer(number).await.map_err(js_error)?)
        })
    }

    /// Proves an L2 block's state root committed on L1, `l1` being a node that follows L1 (a Promise
    /// of the report); a block past the fraud-proof window becomes this node's `finalized`.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = verifyL1Commitment)]
    pub fn verify_l1_commitment(&self, l1: &JsLightNode, request: JsValue) -> Promise {
        let (node, l1) = (Rc::clone(&self.inner), Rc::clone(&l1.inner));
        promise(async move {
            let request: crate::node::CommitmentRequest = crate::json::parse("request", &from_js("request", request)?).map_err(js_error)?;
            to_js(&node.verify_l1_commitment(&l1, &request).await.map_err(js_error)?)
        })
    }

    /// LazAI checks (`verifyOwnership`, `verifyDataAnchor`, `verifyProof`, `verifyProofJson`,
    /// `verifyProposal`, `verifyVote`), each proven at a verified block (a Promise).
    #[cfg(feature = "full")]
    pub fn lazai(&self, op: String, args: JsValue) -> Promise {
        let node = Rc::clone(&self.inner);
        promise(async move {
            let args = from_js("args", args)?;
            to_js(&node.lazai_request(&op, &args).await.map_err(js_error)?)
        })
    }

    /// The verified head `{number, hash}`.
    #[wasm_bindgen(getter)]
    pub fn head(&self) -> Result<JsValue, JsValue> {
        let head = self.inner.head().map_err(js_error)?;
        to_js(&crate::verify::VerifiedHeader { number: head.header.number, hash: head.hash })
    }

    /// `{number, hash}` a node in the full module may anchor at to take over from this one, or
    /// `null` (a beacon-anchored node: it bootstraps again).
    #[wasm_bindgen(js_name = handoverCheckpoint)]
    pub fn handover_checkpoint(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.handover_checkpoint())
    }

    /// This node's installed filters, for the node in the full module that takes over from it.
    #[wasm_bindgen(js_name = handFilters)]
    pub fn hand_filters(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.hand_filters().map_err(js_error)?)
    }

    /// Takes over the filters another node handed (`handFilters`), replacing this node's.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = takeFilters)]
    pub fn take_filters(&self, handed: JsValue) -> Result<(), JsValue> {
        self.inner.take_filters(&from_js("filters", handed)?).map_err(js_error)
    }

    /// The chain id of the preset.
    #[wasm_bindgen(getter, js_name = chainId)]
    pub fn chain_id(&self) -> f64 {
        self.inner.spec().chain_id as f64
    }

    /// HTTP round trips made to the RPC servers so far.
    #[wasm_bindgen(getter, js_name = roundTrips)]
    pub fn round_trips(&self) -> f64 {
        self.inner.round_trips() as f64
    }

    /// What anchors the node's answers, for a person to read.
    #[wasm_bindgen(getter, js_name = trustStatus)]
    pub fn trust_status(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.trust_status().map_err(js_error)?)
    }
}

/// A progress callback for the node: tells `on_progress` each step, and says stop once `signal`
/// (an AbortSignal, or anything else for none) is aborted.
fn observer<P: serde::Serialize>(on_progress: Option<js_sys::Function>, signal: JsValue) -> impl FnMut(P) -> bool {
    move |p: P| {
        if let (Some(callback), Ok(value)) = (&on_progress, to_js(&p)) {
            // A throwing progress listener is the page's bug; it must not stop the work.
            let _ = callback.call1(&JsValue::NULL, &value);
        }
        !js_sys::Reflect::get(&signal, &"aborted".into()).is_ok_and(|v| v.is_truthy())
    }
}
