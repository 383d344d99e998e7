//! Browser (and Node) transport: the global `fetch` with web-sys's typed `RequestInit`, `Response`
//! and `Headers`, an `AbortController` for timeouts and gloo's timers for backoff, so it works in a
//! page, a Web Worker and Node alike.

use super::{HttpAnswer, HttpBytes, MAX_GET_BYTES, MAX_POST_BYTES, Transport};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`, looked up at each call: a page's, a worker's or Node's, or an
    /// override installed on the global (web-sys reaches it only through `Window` or
    /// `WorkerGlobalScope`, which Node lacks). Called with a URL string and a plain init, not a
    /// `Request`, so wrappers that read `url` and `init.body` see what they expect.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Promise;
}

/// `fetch` from the global scope.
#[derive(Debug, Clone, Default)]
pub struct FetchTransport;

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

/// One fetch with a timeout that covers the whole exchange, body included; `read` turns the
/// `Response` into the answer.
async fn exchange<A>(url: &str, method: &str, headers: &[(&str, &str)], body: Option<String>, timeout_ms: u32, read: impl AsyncFnOnce(Response) -> Result<A, String>) -> Result<A, String> {
    let controller = AbortController::new().map_err(describe)?;
    let header_list = Headers::new().map_err(describe)?;
    for (name, value) in headers {
        header_list.set(name, value).map_err(describe)?;
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&header_list);
    if let Some(body) = body {
        init.set_body(&body.into());
    }
    init.set_signal(Some(&controller.signal()));
    // Dropping the timer (when the exchange ends first) cancels it.
    let _timer = Timeout::new(timeout_ms, move || controller.abort());
    let response: Response = JsFuture::from(fetch_with_init(url, &init)).await.map_err(describe)?.dyn_into().map_err(describe)?;
    read(response).await
}

/// The body, once the promise `Response.text()` or `.arrayBuffer()` gave resolves.
async fn body(promise: Result<Promise, JsValue>) -> Result<JsValue, String> {
    JsFuture::from(promise.map_err(describe)?).await.map_err(describe)
}

/// A response header, where sent.
fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).ok().flatten()
}

impl Transport for FetchTransport {
    async fn post(&self, url: &str, body_text: String, timeout_ms: u32) -> Result<HttpAnswer, String> {
        exchange(url, "POST", &[("content-type", "application/json")], Some(body_text), timeout_ms, async |response: Response| {
            let retry_after_ms = header(&response, "retry-after").and_then(|v| v.trim().parse::<u32>().ok()).map(|secs| secs.saturating_mul(1000));
            let text = body(response.text()).await?.as_string().unwrap_or_default();
            // fetch gives no streaming limit short of a reader loop; an oversized answer is at least
            // never parsed.
            if text.len() > MAX_POST_BYTES {
                return Err(format!("a body of {} bytes, more than {MAX_POST_BYTES}", text.len()));
            }
            Ok(HttpAnswer { status: response.status(), body: text, retry_after_ms })
        })
        .await
    }

    async fn get(&self, url: &str, accept: &str, timeout_ms: u32) -> Result<HttpBytes, String> {
        exchange(url, "GET", &[("accept", accept)], None, timeout_ms, async |response: Response| {
            let buffer = js_sys::Uint8Array::new(&body(response.array_buffer()).await?);
            if buffer.length() as usize > MAX_GET_BYTES {
                return Err(format!("a body of {} bytes, more than {MAX_GET_BYTES}", buffer.length()));
            }
            Ok(HttpBytes {
                status: response.status(),
                body: buffer.to_vec(),
                content_type: header(&response, "content-type"),
                consensus_version: header(&response, "eth-consensus-version"),
            })
        })
        .await
    }

    async fn sleep(&self, ms: u32) {
        TimeoutFuture::new(ms).await;
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}
