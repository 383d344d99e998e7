//! JSON-RPC to untrusted servers: one transport trait (browser fetch, native HTTP), and a client that
//! batches, times out, retries with backoff and fails over between endpoints. Nothing here trusts
//! what comes back; it only makes sure an answer is the JSON-RPC answer to what was asked.

mod client;
mod coalesce;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(not(target_arch = "wasm32"))]
pub mod http;

pub use client::{RetryPolicy, RpcClient};

/// What an HTTP POST gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// HTTP status.
    pub status: u16,
    /// Body text.
    pub body: String,
    /// `Retry-After` in milliseconds, where the server sent one.
    pub retry_after_ms: Option<u32>,
}

/// What an HTTP GET gave back (the beacon API: JSON or SSZ).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpBytes {
    /// HTTP status.
    pub status: u16,
    /// Body bytes.
    pub body: Vec<u8>,
    /// `Content-Type`, where sent.
    pub content_type: Option<String>,
    /// `Eth-Consensus-Version` (the fork of an SSZ body), where sent.
    pub consensus_version: Option<String>,
}

/// Largest body a GET reads: a beacon API answer of 128 updates is about 3.5 MB in SSZ.
pub const MAX_GET_BYTES: usize = 16 << 20;

/// Largest JSON-RPC answer read: a batch of full blocks with their receipts stays well below it.
pub const MAX_POST_BYTES: usize = 64 << 20;

/// Moves bytes; knows nothing of JSON-RPC or verification.
#[allow(async_fn_in_trait)] // used through generics only; wasm futures are not `Send`
pub trait Transport {
    /// POSTs `body` as JSON to `url`, giving up after `timeout_ms`; `Err` holds why no answer came.
    async fn post(&self, url: &str, body: String, timeout_ms: u32) -> Result<HttpAnswer, String>;
    /// GETs `url` with `Accept: accept`, reading at most [`MAX_GET_BYTES`]; a transport that cannot
    /// GET says so.
    async fn get(&self, url: &str, accept: &str, timeout_ms: u32) -> Result<HttpBytes, String> {
        let _ = (accept, timeout_ms);
        Err(format!("this transport cannot GET {url}"))
    }
    /// Waits `ms` milliseconds (backoff between retries).
    async fn sleep(&self, ms: u32);
    /// Milliseconds since the Unix epoch (how fresh the verified head is).
    fn now_ms(&self) -> u64;
}
