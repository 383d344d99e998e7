//! Blocks, transactions, receipts and logs, each proven through a verified header's roots.

use super::{LightNode, present, quantity};
use crate::error::{Error, Result, RootKind};
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::{self, ReceivedHeader, roots};
use alloy_consensus::{EMPTY_OMMER_ROOT_HASH, Header, ReceiptEnvelope, TxEnvelope, proofs};
use alloy_eips::eip4895::Withdrawal;
use alloy_primitives::{B256, Log};
use alloy_rpc_types_eth::Filter;
use serde_json::{Value, json};

/// `MAX_UNCLE_COUNT` of the pre-Merge rules.
const MAX_UNCLES: usize = 2;

/// A block body proven against its verified header.
#[derive(Debug, Clone)]
pub struct ProvenBody {
    /// Transactions, in block order.
    pub txs: Vec<TxEnvelope>,
    /// Withdrawals, from Shanghai on.
    pub withdrawals: Option<Vec<Withdrawal>>,
    /// Uncle headers, checked against `sha3Uncles`.
    pub uncles: Vec<ReceivedHeader>,
    /// Receipts, when asked for.
    pub receipts: Option<Vec<ReceiptEnvelope<Log>>>,
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Refuses what rests on a header's receipts root or logs bloom when the block was bound by its
    /// L1 commitment alone: the proposer commits state roots, not headers.
    pub(super) fn receipts_bound(&self, header: &ReceivedHeader) -> Result<()> {
        match self.l1_bound_only.borrow().contains(&header.hash) {
            true => Err(Error::Unbound {
                number: header.header.number,
                reason: "only its state root is bound (by its L1 commitment); its receipts root and logs bloom are the server's word".into(),
            }),
            false => Ok(()),
        }
    }

    /// Fetches the body (and the receipts, when `with_receipts`) of a verified block in one batch and
    /// proves it against the header's roots.
    pub async fn prove_body(&self, header: &ReceivedHeader, with_receipts: bool) -> Result<ProvenBody> {
        if with_receipts {
            self.receipts_bound(header)?;
        }
        let number = json!(format!("{:#x}", header.header.number));
        let mut requests = vec![("eth_getBlockByNumber", json!([number, true]))];
        if with_receipts {
            requests.push(("eth_getBlockReceipts", json!([number])));
        }
        let mut answers = self.rpc.batch(&requests).await?.into_iter();
        let block = answers.next().ok_or_else(|| Error::UnknownBlock(header.header.number.to_string()))??;
        let verified = verify::verify_block_json(&format!("block {}", header.header.number), &block)?;
        if verified.header.hash != header.hash {
            return Err(Error::ClaimMismatch { field: "block hash".into(), claimed: verified.header.hash.to_string(), proven: header.hash.to_string() });
        }
        let txs = verified.transactions.ok_or_else(|| Error::invalid("transactions", "the server sent hashes where full transactions were asked for"))?;
        if header.header.withdrawals_root.is_some() && verified.withdrawals.is_none() {
            return Err(Error::invalid("withdrawals", "missing from a block whose header has a withdrawalsRoot"));
        }
        let uncles = self.prove_uncles(&header.header, &block).await?;
        let receipts = match answers.next() {
            Some(answer) => {
                let values = answer?;
                let list = values.as_array().ok_or_else(|| Error::invalid("eth_getBlockReceipts", "expected an array"))?;
                let receipts = roots::receipts_from_json("receipts", list)?;
                roots::check_root(RootKind::Receipts, header.header.receipts_root, roots::receipts_root(&receipts))?;
                if receipts.len() != txs.len() {
                    return Err(Error::invalid("receipts", format!("{} receipts for {} transactions", receipts.len(), txs.len())));
                }
                Some(receipts)
            }
            None => None,
        };
        Ok(ProvenBody { txs, withdrawals: verified.withdrawals, uncles, receipts })
    }

    /// Uncle headers fetched and checked against `sha3Uncles` (none after the Merge); the list's
    /// length is bounded before anything is fetched.
    async fn prove_uncles(&self, header: &Header, block: &Value) -> Result<Vec<ReceivedHeader>> {
        if header.ommers_hash == EMPTY_OMMER_ROOT_HASH {
            return Ok(Vec::new());
        }
        let count = block.get("uncles").and_then(Value::as_array).map_or(0, Vec::len);
        // Ethereum allowed at most two uncles a block: a longer list is the server's, not the chain's.
        if count > MAX_UNCLES {
            return Err(Error::invalid("uncles", format!("{count} uncles; a block holds at most {MAX_UNCLES}")));
        }
        let number = format!("{:#x}", header.number);
        let requests: Vec<(&str, Value)> = (0..count).map(|i| ("eth_getUncleByBlockNumberAndIndex", json!([number, format!("{i:#x}")]))).collect();
        let mut uncles = Vec::with_capacity(count);
        for (i, answer) in self.rpc.batch(&requests).await?.into_iter().enumerate() {
            uncles.push(verify::header_from_json(&format!("uncle {i}"), &answer?)?);
        }
        let headers: Vec<Header> = uncles.iter().map(|u| u.header.clone()).collect();
        roots::check_root(RootKind::Ommers, header.ommers_hash, proofs::calculate_ommers_root(&headers))?;
        Ok(uncles)
    }

    /// `eth_getBlockByNumber` / `eth_getBlockByHash`.
    pub(super) async fn get_block(&self, tag: Option<&Value>, full: bool) -> Result<Value> {
        let header = self.resolve(tag).await?;
        let body = self.prove_body(&header, false).await?;
        let uncles: Vec<B256> = body.uncles.iter().map(|u| u.hash).collect();
        present::block(&header, &body.txs, full, &uncles, body.withdrawals.as_deref())
    }

    /// What one block holds, by position or count: `eth_getTransactionByBlock*AndIndex` (`Tx`),
    /// `eth_getBlockTransactionCountBy*`, `eth_getUncleCountByBlock*` and
    /// `eth_getUncleByBlock*AndIndex`, each from the block's proven body. A position past the end,
    /// or a hash not on the verified chain, is `null`, as a node answers.
    pub(super) async fn block_item(&self, method: &str, params: &[Value]) -> Result<Value> {
        let tag = match (method.contains("ByBlockHash") || method.ends_with("ByHash"), params.first()) {
            (true, Some(hash)) => json!({ "blockHash": hash }),
            (_, tag) => tag.cloned().unwrap_or(Value::Null),
        };
        let header = match self.resolve(Some(&tag)).await {
            Err(Error::UnknownBlock(_)) if tag.get("blockHash").is_some() => return Ok(Value::Null),
            other => other?,
        };
        let index = match params.get(1) {
            Some(v) => Some(usize::try_from(quantity("index", v)?).map_err(|_| Error::invalid("index", "too large"))?),
            None => None,
        };
        let body = self.prove_body(&header, false).await?;
        let count = |n: usize| Ok(json!(format!("{n:#x}")));
        match (method, index) {
            (m, _) if m.starts_with("eth_getBlockTransactionCount") => count(body.txs.len()),
            (m, _) if m.starts_with("eth_getUncleCount") => count(body.uncles.len()),
            (m, Some(i)) if m.starts_with("eth_getTransactionByBlock") => body.txs.get(i).map_or(Ok(Value::Null), |tx| present::transaction(tx, &header, i)),
            (m, Some(i)) if m.starts_with("eth_getUncleByBlock") => body.uncles.get(i).map_or(Ok(Value::Null), |uncle| present::block(uncle, &[], false, &[], None)),
            _ => Err(Error::invalid("params", format!("{method} takes a block and an index"))),
        }
    }

    /// Finds a transaction by hash: the server says which block; the node proves it is there.
    async fn locate(&self, hash: B256, with_receipts: bool) -> Result<Option<(ReceivedHeader, ProvenBody, usize)>> {
        let claimed = self.rpc.call("eth_getTransactionByHash", json!([hash])).await?;
        // A server can hide a transaction, not forge one: "not found" (or pending) passes as null.
        let Some(number) = claimed.get("blockNumber").filter(|n| !n.is_null()) else { return Ok(None) };
        let header = self.header_at(quantity("blockNumber", number)?).await?;
        let body = self.prove_body(&header, with_receipts).await?;
        let index = body.txs.iter().position(|tx| *tx.tx_hash() == hash).ok_or_else(|| Error::ClaimMismatch {
            field: "eth_getTransactionByHash.blockNumber".into(),
            claimed: format!("{hash} is in block {}", header.header.number),
            proven: "that block's transactions do not include it".into(),
        })?;
        Ok(Some((header, body, index)))
    }

    /// `eth_getTransactionByHash`.
    pub(super) async fn get_transaction(&self, hash: B256) -> Result<Value> {
        match self.locate(hash, false).await? {
            Some((header, body, index)) => present::transaction(&body.txs[index], &header, index),
            None => Ok(Value::Null),
        }
    }

    /// `eth_getTransactionReceipt`.
    pub(super) async fn get_receipt(&self, hash: B256) -> Result<Value> {
        match self.locate(hash, true).await? {
            Some((header, body, index)) => present::receipt(body.receipts.as_deref().unwrap_or_default(), &body.txs, &header, index),
            None => Ok(Value::Null),
        }
    }

    /// `eth_getBlockReceipts`: every receipt of a verified block, proven against its receipts root.
    pub(super) async fn get_block_receipts(&self, tag: Option<&Value>) -> Result<Value> {
        let header = self.resolve(tag).await?;
        let body = self.prove_body(&header, true).await?;
        let receipts = body.receipts.as_deref().unwrap_or_default();
        (0..body.txs.len()).map(|i| present::receipt(receipts, &body.txs, &header, i)).collect::<Result<Vec<_>>>().map(Value::from)
    }

    /// `eth_getLogs`: blocks whose verified `logsBloom` may match are fetched with their receipts,
    /// proven, and filtered here. The range is bounded by `max_log_range`.
    pub(super) async fn get_logs(&self, filter: &Filter) -> Result<Vec<alloy_rpc_types_eth::Log>> {
        let headers = match filter.get_block_hash() {
            Some(hash) => vec![self.resolve(Some(&json!({ "blockHash": hash }))).await?],
            None => {
                let from = self.block_of(filter.block_option.get_from_block()).await?;
                let to = self.block_of(filter.block_option.get_to_block()).await?;
                if to < from || to - from >= self.options.max_log_range {
                    return Err(Error::invalid("filter", format!("block range {from}..={to} is empty or wider than {} blocks", self.options.max_log_range)));
                }
                let mut headers = Vec::new();
                for n in from..=to {
                    headers.push(self.header_at(n).await?);
                }
                headers
            }
        };
        // A bloom the server made could hide a block's logs: such blocks are refused, not skipped.
        headers.iter().try_for_each(|h| self.receipts_bound(h))?;
        let mut out = Vec::new();
        for header in headers.iter().filter(|h| filter.matches_bloom(h.header.logs_bloom)) {
            let body = self.prove_body(header, true).await?;
            let receipts = body.receipts.unwrap_or_default();
            let mut log_index = 0;
            for (i, (receipt, tx)) in receipts.iter().zip(&body.txs).enumerate() {
                let logs = present::logs(receipt, header, *tx.tx_hash(), i, log_index);
                log_index += logs.len();
                out.extend(logs.into_iter().filter(|l| filter.rpc_matches(l)));
            }
        }
        Ok(out)
    }

    /// A filter bound as a number, without linking any header: the range is checked first.
    async fn block_of(&self, tag: Option<&alloy_eips::BlockNumberOrTag>) -> Result<u64> {
        match tag {
            Some(alloy_eips::BlockNumberOrTag::Number(n)) => Ok(*n),
            Some(alloy_eips::BlockNumberOrTag::Earliest) => Ok(0),
            _ => {
                let value = tag.map_or(Value::Null, |t| json!(t));
                Ok(self.resolve(Some(&value)).await?.header.number)
            }
        }
    }
}
