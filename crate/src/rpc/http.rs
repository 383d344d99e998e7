//! Native transport for the CLI and the verifying proxy: blocking HTTP(S) with ureq (rustls), driven
//! by a simple executor; each proxy connection has its own thread.

use super::{HttpAnswer, HttpBytes, MAX_GET_BYTES, Transport};
use std::time::Duration;

/// HTTP(S) over ureq.
#[derive(Debug, Clone, Default)]
pub struct HttpTransport;

impl Transport for HttpTransport {
    async fn post(&self, url: &str, body: String, timeout_ms: u32) -> Result<HttpAnswer, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_millis(timeout_ms.into())))
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .post(url)
            .header("content-type", "application/json")
            .send(body)
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let retry_after_ms = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u32>().ok())
            .map(|secs| secs.saturating_mul(1000));
        let body = response.body_mut().read_to_string().map_err(|e| e.to_string())?;
        Ok(HttpAnswer { status, body, retry_after_ms })
    }

    async fn get(&self, url: &str, accept: &str, timeout_ms: u32) -> Result<HttpBytes, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_millis(timeout_ms.into())))
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.get(url).header("accept", accept).call().map_err(|e| e.to_string())?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (content_type, consensus_version) = (header("content-type"), header("eth-consensus-version"));
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(MAX_GET_BYTES as u64).read_to_vec().map_err(|e| e.to_string())?;
        Ok(HttpBytes { status, body, content_type, consensus_version })
    }

    async fn sleep(&self, ms: u32) {
        std::thread::sleep(Duration::from_millis(ms.into()));
    }

    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }
}
