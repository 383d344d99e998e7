//! Browser (and Node) transport: the global `fetch`, with an AbortController for timeouts and
//! `setTimeout` for backoff, so it works in a page, a Web Worker and Node alike.

use super::{HttpAnswer, HttpBytes, MAX_GET_BYTES, Transport};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_name = AbortController)]
    type AbortController;
    #[wasm_bindgen(constructor, js_class = "AbortController")]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

/// `fetch` from the global scope.
#[derive(Debug, Clone, Default)]
pub struct FetchTransport;

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), String> {
    Reflect::set(target, &key.into(), value).map(|_| ()).map_err(describe)
}

/// The global `fetch` (a page's, a worker's or Node's; an override installed on the global too).
fn global_fetch() -> Result<Function, String> {
    Reflect::get(&js_sys::global(), &"fetch".into())
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "no fetch in this JavaScript environment".to_owned())
}

/// One fetch with a timeout that covers the whole exchange, body included; `read` turns the
/// `Response` into the answer.
async fn exchange<A>(url: &str, method: &str, headers: &[(&str, &str)], body: Option<String>, timeout_ms: u32, read: impl AsyncFnOnce(JsValue) -> Result<A, String>) -> Result<A, String> {
    let fetch = global_fetch()?;
    let controller = AbortController::new();
    let init = Object::new();
    let header_object = Object::new();
    for (name, value) in headers {
        set(&header_object, name, &(*value).into())?;
    }
    set(&init, "method", &method.into())?;
    set(&init, "headers", &header_object)?;
    if let Some(body) = body {
        set(&init, "body", &body.into())?;
    }
    set(&init, "signal", &controller.signal())?;
    let abort = Closure::once_into_js(move || controller.abort());
    let timer = set_timeout(abort.unchecked_ref(), timeout_ms);
    let result = async {
        let promise: Promise = fetch.call2(&JsValue::UNDEFINED, &url.into(), &init).map_err(describe)?.dyn_into().map_err(describe)?;
        read(JsFuture::from(promise).await.map_err(describe)?).await
    }
    .await;
    clear_timeout(&timer);
    result
}

/// The `Response`'s HTTP status.
fn status(response: &JsValue) -> Result<u16, String> {
    Ok(Reflect::get(response, &"status".into()).map_err(describe)?.as_f64().unwrap_or(0.0) as u16)
}

/// A response header, where sent.
fn header(response: &JsValue, name: &str) -> Option<String> {
    Reflect::get(response, &"headers".into())
        .ok()
        .and_then(|h| Reflect::get(&h, &"get".into()).ok().and_then(|get| get.dyn_into::<Function>().ok()).map(|get| (h, get)))
        .and_then(|(h, get)| get.call1(&h, &name.into()).ok())
        .and_then(|v| v.as_string())
}

/// The body, read by the `Response` method `how` (`text` or `arrayBuffer`).
async fn body(response: &JsValue, how: &str) -> Result<JsValue, String> {
    let read: Function = Reflect::get(response, &how.into()).map_err(describe)?.dyn_into().map_err(describe)?;
    let promise: Promise = read.call0(response).map_err(describe)?.dyn_into().map_err(describe)?;
    JsFuture::from(promise).await.map_err(describe)
}

impl Transport for FetchTransport {
    async fn post(&self, url: &str, body_text: String, timeout_ms: u32) -> Result<HttpAnswer, String> {
        exchange(url, "POST", &[("content-type", "application/json")], Some(body_text), timeout_ms, async |response| {
            let retry_after_ms = header(&response, "retry-after").and_then(|v| v.trim().parse::<u32>().ok()).map(|secs| secs.saturating_mul(1000));
            let text = body(&response, "text").await?.as_string().unwrap_or_default();
            Ok(HttpAnswer { status: status(&response)?, body: text, retry_after_ms })
        })
        .await
    }

    async fn get(&self, url: &str, accept: &str, timeout_ms: u32) -> Result<HttpBytes, String> {
        exchange(url, "GET", &[("accept", accept)], None, timeout_ms, async |response| {
            let buffer = js_sys::Uint8Array::new(&body(&response, "arrayBuffer").await?);
            if buffer.length() as usize > MAX_GET_BYTES {
                return Err(format!("a body of {} bytes, more than {MAX_GET_BYTES}", buffer.length()));
            }
            Ok(HttpBytes {
                status: status(&response)?,
                body: buffer.to_vec(),
                content_type: header(&response, "content-type"),
                consensus_version: header(&response, "eth-consensus-version"),
            })
        })
        .await
    }

    async fn sleep(&self, ms: u32) {
        let promise = Promise::new(&mut |resolve, _| {
            set_timeout(&resolve, ms);
        });
        // A timer promise only resolves.
        let _ = JsFuture::from(promise).await;
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}
