//! Where no consensus is public (Hyperion, LazAI, devnets): several independent servers must agree on
//! the head and on every header the node links, `k` of `n` (default all). A disagreement is an error
//! naming the servers, never a silent pick.

use super::{LightNode, fetch_headers_from, quantity};
use crate::error::{Error, Result};
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::ReceivedHeader;
use serde_json::json;

impl<T: Transport, S: Store> LightNode<T, S> {
    /// How many servers must agree: 1 when one server is configured.
    pub(super) fn agreement(&self) -> usize {
        let n = self.rpc.endpoints().len();
        self.options.agree.map_or(n, |k| k.clamp(1, n))
    }

    /// The newest block at least `k` servers have: the `k`-th highest of their heads.
    pub(super) async fn agreed_head(&self) -> Result<u64> {
        if self.agreement() == 1 {
            let latest = self.rpc.call("eth_blockNumber", json!([])).await?;
            return quantity("eth_blockNumber", &latest);
        }
        let mut heads = Vec::new();
        let mut failures = Vec::new();
        for (index, url) in self.rpc.endpoints().iter().enumerate() {
            let answer = self.rpc.batch_at(index, &[("eth_blockNumber", json!([]))]).await.and_then(|mut a| a.pop().unwrap_or_else(|| Err(Error::UnknownBlock("head".into()))));
            match answer.and_then(|value| quantity("eth_blockNumber", &value)) {
                Ok(head) => heads.push(head),
                Err(e) => failures.push(format!("{url}: {e}")),
            }
        }
        heads.sort_unstable_by(|a, b| b.cmp(a));
        heads.get(self.agreement() - 1).copied().ok_or_else(|| Error::Disagreement {
            what: "eth_blockNumber".into(),
            detail: format!("{} of {} servers answered, {} must agree: {}", heads.len(), self.rpc.endpoints().len(), self.agreement(), failures.join("; ")),
        })
    }

    /// Headers `range`, the same from at least `k` servers; any server that answers differently
    /// makes it an error naming who said what.
    pub(super) async fn agreed_headers(&self, range: std::ops::RangeInclusive<u64>) -> Result<Vec<ReceivedHeader>> {
        if self.agreement() == 1 {
            return super::fetch_headers(&self.rpc, range).await;
        }
        let mut agreed: Option<(Vec<ReceivedHeader>, Vec<&str>)> = None;
        let mut failures = Vec::new();
        for (index, url) in self.rpc.endpoints().iter().enumerate() {
            let headers = match fetch_headers_from(&self.rpc, Some(index), range.clone()).await {
                Ok(headers) => headers,
                Err(e) => {
                    failures.push(format!("{url}: {e}"));
                    continue;
                }
            };
            match &mut agreed {
                None => agreed = Some((headers, vec![url])),
                Some((first, urls)) => {
                    if let Some((a, b)) = first.iter().zip(&headers).find(|(a, b)| a.hash != b.hash) {
                        return Err(Error::Disagreement {
                            what: format!("block {}", a.header.number),
                            detail: format!("{} say {}, {url} says {}", urls.join(", "), a.hash, b.hash),
                        });
                    }
                    urls.push(url);
                }
            }
        }
        match agreed {
            Some((headers, urls)) if urls.len() >= self.agreement() => Ok(headers),
            answered => Err(Error::Disagreement {
                what: format!("blocks {}..={}", range.start(), range.end()),
                detail: format!(
                    "{} of {} servers answered, {} must agree: {}",
                    answered.map_or(0, |(_, urls)| urls.len()),
                    self.rpc.endpoints().len(),
                    self.agreement(),
                    failures.join("; ")
                ),
            }),
        }
    }
}
