//! Native transport for the CLI and the verifying proxy: async HTTP(S) with reqwest (rustls). Its
//! I/O runs on a tokio runtime of its own, so any executor can await it: the proxy's, the CLI's or a
//! test's `block_on`.

use super::{HttpAnswer, HttpBytes, MAX_GET_BYTES, MAX_POST_BYTES, Transport};
use std::future::Future;
use std::sync::LazyLock;
use std::time::Duration;
use tokio::runtime::Runtime;

/// The runtime the transport's requests and timers run on (two I/O threads).
static RUNTIME: LazyLock<Result<Runtime, String>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_name("metis-lightnode-io").enable_all().build().map_err(|e| e.to_string())
});

/// One client for every request: its connection pool keeps connections to each server alive.
static CLIENT: LazyLock<Result<reqwest::Client, String>> = LazyLock::new(|| reqwest::Client::builder().build().map_err(|e| e.to_string()));

/// HTTP(S) over reqwest.
#[derive(Debug, Clone, Copy, Default)]
pub struct HttpTransport;

/// Runs `work` on the transport's runtime and awaits it from wherever the caller runs.
async fn on_runtime<T: Send + 'static>(work: impl Future<Output = Result<T, String>> + Send + 'static) -> Result<T, String> {
    let runtime = RUNTIME.as_ref().map_err(|e| format!("no I/O runtime: {e}"))?;
    runtime.spawn(work).await.map_err(|e| e.to_string())?
}

fn client() -> Result<reqwest::Client, String> {
    CLIENT.clone().map_err(|e| format!("no HTTP client: {e}"))
}

/// The body, refused once it passes `limit` bytes (read chunk by chunk, never whole first).
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > limit {
            return Err(format!("a body of more than {limit} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

impl Transport for HttpTransport {
    async fn post(&self, url: &str, body: String, timeout_ms: u32) -> Result<HttpAnswer, String> {
        let request = client()?.post(url).header("content-type", "application/json").body(body).timeout(Duration::from_millis(timeout_ms.into()));
        on_runtime(async move {
            let response = request.send().await.map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let retry_after_ms = header(&response, "retry-after").and_then(|v| v.trim().parse::<u32>().ok()).map(|secs| secs.saturating_mul(1000));
            let body = String::from_utf8(read_limited(response, MAX_POST_BYTES).await?).map_err(|e| e.to_string())?;
            Ok(HttpAnswer { status, body, retry_after_ms })
        })
        .await
    }

    async fn get(&self, url: &str, accept: &str, timeout_ms: u32) -> Result<HttpBytes, String> {
        let request = client()?.get(url).header("accept", accept).timeout(Duration::from_millis(timeout_ms.into()));
        on_runtime(async move {
            let response = request.send().await.map_err(|e| e.to_string())?;
            let (content_type, consensus_version) = (header(&response, "content-type"), header(&response, "eth-consensus-version"));
            let status = response.status().as_u16();
            let body = read_limited(response, MAX_GET_BYTES).await?;
            Ok(HttpBytes { status, body, content_type, consensus_version })
        })
        .await
    }

    async fn sleep(&self, ms: u32) {
        let _ = on_runtime(async move {
            tokio::time::sleep(Duration::from_millis(ms.into())).await;
            Ok(())
        })
        .await;
    }

    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }
}
