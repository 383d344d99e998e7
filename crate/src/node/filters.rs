//! Filters as a node keeps them (`eth_newFilter`, `eth_newBlockFilter`, `eth_getFilterChanges`,
//! `eth_getFilterLogs`, `eth_uninstallFilter`), answered from verified headers and proven receipts.
//! Each filter remembers the blocks it delivered (the last 64): when a reorg replaces one, its logs
//! come again with `removed: true`. A filter nobody polls for five minutes is dropped (geth's rule).

use super::{LightNode, MAX_REORG};
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use alloy_primitives::B256;
use alloy_rpc_types_eth::{Filter, Log};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};

/// How long an unpolled filter lives (geth's `filters.deadline`).
const FILTER_TIMEOUT_MS: u64 = 5 * 60 * 1000;
/// Most filters installed at once: a caller's loop cannot grow the node without bound.
const MAX_FILTERS: usize = 512;
/// Most new blocks one poll of a block filter walks; the rest come with the next poll.
const MAX_BLOCKS_PER_POLL: u64 = 1024;

/// The filters a node holds.
#[derive(Debug, Default)]
pub(super) struct Filters {
    next_id: u64,
    installed: HashMap<u64, Installed>,
}

#[derive(Debug, Clone)]
struct Installed {
    kind: Kind,
    /// The last block delivered.
    cursor: u64,
    /// What was delivered, oldest first, to take back on a reorg.
    delivered: VecDeque<Delivered>,
    polled_ms: u64,
}

#[derive(Debug, Clone)]
enum Kind {
    Blocks,
    Logs(Box<Filter>),
}

#[derive(Debug, Clone)]
struct Delivered {
    number: u64,
    hash: B256,
    logs: Vec<Log>,
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// One of the filter methods.
    pub(super) async fn filter_method(&self, method: &str, params: &[Value]) -> Result<Value> {
        let now = self.rpc.now_ms();
        self.filters.borrow_mut().installed.retain(|_, f| now.saturating_sub(f.polled_ms) < FILTER_TIMEOUT_MS);
        let first = params.first().unwrap_or(&Value::Null);
        match method {
            "eth_newFilter" => {
                let filter: Filter = json::parse("filter", first)?;
                self.install(Kind::Logs(Box::new(filter))).await
            }
            "eth_newBlockFilter" => self.install(Kind::Blocks).await,
            "eth_uninstallFilter" => Ok(json!(self.filters.borrow_mut().installed.remove(&filter_id(first)?).is_some())),
            "eth_getFilterLogs" => match self.installed(first)?.kind {
                Kind::Logs(filter) => self.get_logs(&filter).await,
                Kind::Blocks => Err(Error::invalid("filter", "a block filter has no logs")),
            },
            _ => self.filter_changes(filter_id(first)?).await,
        }
    }

    async fn install(&self, kind: Kind) -> Result<Value> {
        let head = self.resolve(None).await?;
        let mut filters = self.filters.borrow_mut();
        if filters.installed.len() >= MAX_FILTERS {
            return Err(Error::invalid("filter", format!("{MAX_FILTERS} filters are installed; uninstall one first")));
        }
        filters.next_id += 1;
        let id = filters.next_id;
        let installed = Installed { kind, cursor: head.header.number, delivered: VecDeque::new(), polled_ms: self.rpc.now_ms() };
        filters.installed.insert(id, installed);
        Ok(json!(format!("{id:#x}")))
    }

    fn installed(&self, id: &Value) -> Result<Installed> {
        let id = filter_id(id)?;
        self.filters.borrow().installed.get(&id).cloned().ok_or_else(|| Error::invalid("filter", "filter not found"))
    }

    /// `eth_getFilterChanges`: blocks (hashes) or logs since the last poll, reorged-out logs first.
    async fn filter_changes(&self, id: u64) -> Result<Value> {
        let mut filter = self.installed(&json!(format!("{id:#x}")))?;
        let head = self.resolve(None).await?.header.number;
        // Take back what the verified chain no longer holds.
        let mut removed = Vec::new();
        while let Some(last) = filter.delivered.back() {
            if self.chain.borrow().at(last.number).is_some_and(|h| h.hash == last.hash) {
                break;
            }
            filter.cursor = last.number.saturating_sub(1);
            removed.extend(filter.delivered.pop_back().into_iter().flat_map(|d| d.logs).map(|log| Log { removed: true, ..log }));
        }
        filter.cursor = filter.cursor.min(head);
        let from = filter.cursor + 1;
        let new: Vec<Delivered> = match &filter.kind {
            Kind::Blocks => {
                let to = head.min(filter.cursor.saturating_add(MAX_BLOCKS_PER_POLL));
                let mut blocks = Vec::new();
                for number in from..=to {
                    blocks.push(Delivered { number, hash: self.header_at(number).await?.hash, logs: Vec::new() });
                }
                blocks
            }
            Kind::Logs(logs_filter) => self.new_logs(logs_filter, from, head).await?,
        };
        let answer: Vec<Value> = match filter.kind {
            Kind::Blocks => new.iter().map(|d| json!(d.hash)).collect(),
            Kind::Logs(_) => removed.iter().chain(new.iter().flat_map(|d| &d.logs)).map(|l| serde_json::to_value(l).unwrap_or_default()).collect(),
        };
        if let Some(last) = new.last() {
            filter.cursor = last.number;
        }
        filter.delivered.extend(new);
        let keep = usize::try_from(MAX_REORG).unwrap_or(usize::MAX);
        while filter.delivered.len() > keep {
            filter.delivered.pop_front();
        }
        filter.polled_ms = self.rpc.now_ms();
        // Written back only if nobody uninstalled it meanwhile.
        if let Some(slot) = self.filters.borrow_mut().installed.get_mut(&id) {
            *slot = filter;
        }
        Ok(Value::Array(answer))
    }

    /// The proven logs of blocks `from..=head` that `filter` matches (within its own block bounds),
    /// at most `max_log_range` blocks a poll; one entry per block walked.
    async fn new_logs(&self, filter: &Filter, from: u64, head: u64) -> Result<Vec<Delivered>> {
        let to = head.min(from.saturating_add(self.options.max_log_range.saturating_sub(1)));
        if from > to {
            return Ok(Vec::new());
        }
        let bounds = |tag: Option<&alloy_eips::BlockNumberOrTag>| tag.and_then(alloy_eips::BlockNumberOrTag::as_number);
        let low = bounds(filter.block_option.get_from_block()).map_or(from, |n| n.max(from));
        let high = bounds(filter.block_option.get_to_block()).map_or(to, |n| n.min(to));
        let mut logs: Vec<Log> = Vec::new();
        if low <= high && filter.get_block_hash().is_none() {
            let range = filter.clone().from_block(low).to_block(high);
            logs = json::parse("logs", &self.get_logs(&range).await?)?;
        }
        let mut blocks = Vec::new();
        for number in from..=to {
            let hash = self.header_at(number).await?.hash;
            let mine = logs.iter().filter(|l| l.block_number == Some(number)).cloned().collect();
            blocks.push(Delivered { number, hash, logs: mine });
        }
        Ok(blocks)
    }
}

fn filter_id(value: &Value) -> Result<u64> {
    value
        .as_str()
        .and_then(|s| s.strip_prefix("0x"))
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .ok_or_else(|| Error::invalid("filter id", format!("expected a hex id, got {value}")))
}
