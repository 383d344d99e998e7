//! Filters as a node keeps them (`eth_newFilter`, `eth_newBlockFilter`, `eth_getFilterChanges`,
//! `eth_getFilterLogs`, `eth_uninstallFilter`), answered from verified headers and proven receipts.
//! Each filter remembers the blocks it delivered (the last 64): when a reorg replaces one, its logs
//! come again with `removed: true`. A filter nobody polls for five minutes is dropped (geth's rule).
//! When the npm package moves a node into its full module, the filters go with it ([`Handover`]).

use super::{LightNode, MAX_REORG};
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use alloy_primitives::B256;
use alloy_rpc_types_eth::{Filter, Log};
use serde::{Deserialize, Serialize};
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Installed {
    kind: Kind,
    /// The last block delivered.
    cursor: u64,
    /// What was delivered, oldest first, to take back on a reorg.
    delivered: VecDeque<Delivered>,
    polled_ms: u64,
}

/// What a filter delivers: new blocks, or the logs `filter` matches. A handover carries a log
/// filter as its caller gave it (`given`; `null` for a block filter) and parses it again: the
/// answers link no serializer for `Filter`, which was 7 KB of the first module's code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "Option<Value>", try_from = "Option<Value>")]
enum Kind {
    Blocks,
    Logs { filter: Box<Filter>, given: Value },
}

impl From<Kind> for Option<Value> {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Blocks => None,
            Kind::Logs { given, .. } => Some(given),
        }
    }
}

impl TryFrom<Option<Value>> for Kind {
    type Error = Error;

    fn try_from(given: Option<Value>) -> Result<Self> {
        match given {
            None => Ok(Self::Blocks),
            Some(given) => Ok(Self::Logs { filter: Box::new(super::filter_json::filter_from_json(&given)?), given }),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Delivered {
    number: u64,
    hash: B256,
    logs: Vec<Log>,
}

/// A node's filters as it hands them to the node that takes over from it (the npm package's move
/// into the full module): ids, cursors and what each delivered, so polls go on where they stopped.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Handover {
    next_id: u64,
    installed: Vec<(u64, Installed)>,
}

impl Handover {
    /// The filters a node takes over, held to the bounds the node keeps: at most [`MAX_FILTERS`],
    /// each with at most [`MAX_REORG`] delivered blocks, ids below `next_id`. Delivered blocks below
    /// `low` (the taking node's lowest verified header, under the giver's unwind floor) cannot be
    /// reorged out and are dropped, so the reorg check never reads a block the new chain lacks.
    fn into_filters(self, low: u64) -> Result<Filters> {
        let keep = usize::try_from(MAX_REORG).unwrap_or(usize::MAX);
        if self.installed.len() > MAX_FILTERS {
            return Err(Error::invalid("filters", format!("{} filters, at most {MAX_FILTERS}", self.installed.len())));
        }
        let mut installed = HashMap::with_capacity(self.installed.len());
        for (id, mut filter) in self.installed {
            if id == 0 || id > self.next_id || filter.delivered.len() > keep {
                return Err(Error::invalid("filters", format!("filter {id:#x} is not one a node keeps")));
            }
            filter.delivered.retain(|d| d.number >= low);
            if installed.insert(id, filter).is_some() {
                return Err(Error::invalid("filters", format!("filter {id:#x} twice")));
            }
        }
        Ok(Filters { next_id: self.next_id, installed })
    }
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// This node's filters, for the node that takes over from it ([`Self::take_filters`]). As JSON
    /// through serde_json, whose serializer for logs the answers already link (a log filter goes as
    /// its caller gave it: see `Kind`).
    pub fn hand_filters(&self) -> Result<Value> {
        let filters = self.filters.borrow();
        let handover = Handover { next_id: filters.next_id, installed: filters.installed.iter().map(|(id, f)| (*id, f.clone())).collect() };
        serde_json::to_value(handover).map_err(|e| Error::invalid("filters", e))
    }

    /// Takes over the filters another node handed ([`Self::hand_filters`]), replacing this node's.
    pub fn take_filters(&self, handed: &Value) -> Result<()> {
        let handover: Handover = json::parse("filters", handed)?;
        let low = self.chain.borrow().range().map_or(0, |(low, _)| low);
        *self.filters.borrow_mut() = handover.into_filters(low)?;
        Ok(())
    }

    /// One of the filter methods.
    pub(super) async fn filter_method(&self, method: &str, params: &[Value]) -> Result<Value> {
        let now = self.rpc.now_ms();
        self.filters.borrow_mut().installed.retain(|_, f| now.saturating_sub(f.polled_ms) < FILTER_TIMEOUT_MS);
        let first = params.first().unwrap_or(&Value::Null);
        match method {
            "eth_newFilter" => {
                let kind = Kind::try_from(Some(first.clone()))?;
                self.install(kind).await
            }
            "eth_newBlockFilter" => self.install(Kind::Blocks).await,
            "eth_uninstallFilter" => Ok(json!(self.filters.borrow_mut().installed.remove(&filter_id(first)?).is_some())),
            "eth_getFilterLogs" => match self.installed(first)?.kind {
                Kind::Logs { filter, .. } => serde_json::to_value(self.get_logs(&filter).await?).map_err(|e| Error::invalid("answer", e)),
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
            Kind::Logs { filter: logs_filter, .. } => self.new_logs(logs_filter, from, head).await?,
        };
        let answer: Vec<Value> = match filter.kind {
            Kind::Blocks => new.iter().map(|d| json!(d.hash)).collect(),
            Kind::Logs { .. } => removed.iter().chain(new.iter().flat_map(|d| &d.logs)).map(|l| serde_json::to_value(l).unwrap_or_default()).collect(),
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
            logs = self.get_logs(&range).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn delivered(number: u64) -> Value {
        json!({ "number": number, "hash": B256::with_last_byte(number as u8), "logs": [] })
    }

    fn handover(installed: Vec<Value>) -> Handover {
        serde_json::from_value(json!({ "nextId": 3, "installed": installed })).unwrap()
    }

    fn take(installed: Vec<Value>, low: u64) -> Result<Filters> {
        handover(installed).into_filters(low)
    }

    #[test]
    fn a_handover_round_trips_and_drops_blocks_below_the_new_chain() {
        let logs = json!({ "address": "0x00000000000000000000000000000000000000aa", "topics": [] });
        let filters = take(
            vec![
                json!([1, { "kind": null, "cursor": 12, "delivered": [delivered(10), delivered(11), delivered(12)], "polledMs": 5 }]),
                json!([3, { "kind": logs, "cursor": 12, "delivered": [], "polledMs": 6 }]),
            ],
            11,
        )
        .unwrap();
        assert_eq!(filters.next_id, 3);
        let blocks = &filters.installed[&1];
        assert_eq!((blocks.cursor, blocks.polled_ms), (12, 5));
        assert_eq!(blocks.delivered.iter().map(|d| d.number).collect::<Vec<_>>(), [11, 12]);
        assert!(matches!(&filters.installed[&3].kind, Kind::Logs { filter, .. } if filter.address.len() == 1));

        let again: Handover = serde_json::from_value(serde_json::to_value(Handover { next_id: 3, installed: filters.installed.into_iter().collect() }).unwrap()).unwrap();
        assert_eq!(again.installed.len(), 2);
    }

    #[test]
    fn a_handover_past_a_nodes_bounds_is_refused() {
        let filter = |id: u64, delivered: Vec<Value>| json!([id, { "cursor": 1, "delivered": delivered, "polledMs": 0 }]);
        let refused = |installed: Vec<Value>| matches!(take(installed, 0), Err(Error::InvalidInput { field, .. }) if field == "filters");
        assert!(refused(vec![filter(4, vec![])]), "an id the giver never handed out");
        assert!(refused(vec![filter(0, vec![])]), "id 0");
        assert!(refused(vec![filter(2, vec![]), filter(2, vec![])]), "one id twice");
        assert!(refused(vec![filter(1, (0..=MAX_REORG).map(delivered).collect())]), "more delivered blocks than a reorg reaches");
        let many = Handover { next_id: u64::MAX, installed: (1..=MAX_FILTERS as u64 + 1).map(|id| (id, handover(vec![filter(1, vec![])]).installed.remove(0).1)).collect() };
        assert!(many.into_filters(0).is_err(), "more filters than a node holds");
        let extra = json!({ "nextId": 1, "installed": [], "more": 1 });
        assert!(serde_json::from_value::<Handover>(extra).is_err(), "an unknown field");
        let unparsable = json!({ "nextId": 1, "installed": [[1, { "kind": { "address": 5 }, "cursor": 1, "delivered": [], "polledMs": 0 }]] });
        assert!(serde_json::from_value::<Handover>(unparsable).is_err(), "a log filter that is none");
    }
}
