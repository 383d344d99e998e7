//! `request(method, params)`: each method answered from verified data, forwarded (sending a
//! transaction), passed through by the user's explicit choice, or refused as not verifiable.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use alloy_consensus::TxEnvelope;
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::B256;
use serde_json::{Value, json};

/// Every method [`LightNode::request`] answers itself. A method missing here is refused (or passed
/// through where configured) before the dispatch, so this list and the dispatch cannot disagree
/// unnoticed: a listed method without an arm is refused, which the drift test catches.
pub const METHODS: &[&str] = &[
    "eth_chainId",
    "net_version",
    "eth_blockNumber",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_getStorageAt",
    "eth_getCode",
    "eth_getProof",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "eth_getBlockReceipts",
    "eth_getLogs",
    "eth_call",
    "eth_estimateGas",
    "eth_createAccessList",
    "eth_getTransactionByBlockNumberAndIndex",
    "eth_getTransactionByBlockHashAndIndex",
    "eth_getBlockTransactionCountByNumber",
    "eth_getBlockTransactionCountByHash",
    "eth_getUncleCountByBlockNumber",
    "eth_getUncleCountByBlockHash",
    "eth_getUncleByBlockNumberAndIndex",
    "eth_getUncleByBlockHashAndIndex",
    "eth_feeHistory",
    "eth_fillTransaction",
    "eth_simulateV1",
    "eth_maxPriorityFeePerGas",
    "eth_gasPrice",
    "eth_blobBaseFee",
    "eth_newFilter",
    "eth_newBlockFilter",
    "eth_getFilterChanges",
    "eth_getFilterLogs",
    "eth_uninstallFilter",
    "eth_accounts",
    "eth_syncing",
    "net_listening",
    "web3_clientVersion",
    "eth_sendRawTransaction",
];

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Answers one JSON-RPC request like an Ethereum node, with verified data only. When the server
    /// that answered is at fault (its data failed a check, or it answered an error), the request is
    /// asked again of the next server, once per other server: every answer is checked the same way,
    /// so this changes only who is asked, and one lying or broken server does not stop the node.
    pub async fn request(&self, method: &str, params: &Value) -> Result<Value> {
        let mut outcome = self.answer(method, params).await;
        // Only verified reads are asked again: a send or a passthrough may not be idempotent.
        let attempts = match METHODS.contains(&method) && method != "eth_sendRawTransaction" {
            true => self.rpc.endpoints().len(),
            false => 1,
        };
        for _ in 1..attempts {
            match &outcome {
                Err(e) if e.blames_server() => {
                    self.rpc.pass_over();
                    outcome = self.answer(method, params).await;
                }
                _ => break,
            }
        }
        outcome
    }

    async fn answer(&self, method: &str, params: &Value) -> Result<Value> {
        let empty = Vec::new();
        let params = match params {
            Value::Array(list) => list,
            Value::Null => &empty,
            _ => return Err(Error::invalid("params", "expected an array")),
        };
        if !METHODS.contains(&method) {
            return match self.options.passthrough.iter().any(|m| m == method) {
                true => self.rpc.call(method, Value::Array(params.clone())).await,
                false => Err(Error::NotVerifiable(method.to_owned())),
            };
        }
        let first = params.first();
        match method {
            "eth_chainId" => Ok(json!(format!("{:#x}", self.spec.chain_id))),
            "net_version" => Ok(json!(self.spec.chain_id.to_string())),
            "eth_blockNumber" => {
                let synced = self.sync().await;
                let head = self.served(synced)?;
                Ok(json!(format!("{head:#x}")))
            }
            "eth_getBalance" | "eth_getTransactionCount" | "eth_getStorageAt" | "eth_getCode" | "eth_getProof" => {
                self.state_method(method, params).await
            }
            "eth_getBlockByNumber" | "eth_getBlockByHash" => {
                let tag = match (method, first) {
                    ("eth_getBlockByHash", Some(hash)) => json!({ "blockHash": hash }),
                    (_, tag) => tag.cloned().unwrap_or(Value::Null),
                };
                let full = params.get(1).and_then(Value::as_bool).unwrap_or(false);
                match self.get_block(Some(&tag), full).await {
                    // A hash not on the verified chain is an unknown block: `null`, as a node answers.
                    Err(Error::UnknownBlock(_)) if method == "eth_getBlockByHash" => Ok(Value::Null),
                    other => other,
                }
            }
            "eth_getTransactionByHash" => self.get_transaction(hash_param(first)?).await,
            "eth_getTransactionReceipt" => self.get_receipt(hash_param(first)?).await,
            "eth_getBlockReceipts" => self.get_block_receipts(first).await,
            "eth_getLogs" => {
                let filter = super::filter_json::filter_from_json(first.unwrap_or(&Value::Null))?;
                serde_json::to_value(self.get_logs(&filter).await?).map_err(|e| Error::invalid("answer", e))
            }
            "eth_call" | "eth_estimateGas" | "eth_createAccessList" => self.execute(method, params).await,
            "eth_getTransactionByBlockNumberAndIndex"
            | "eth_getTransactionByBlockHashAndIndex"
            | "eth_getBlockTransactionCountByNumber"
            | "eth_getBlockTransactionCountByHash"
            | "eth_getUncleCountByBlockNumber"
            | "eth_getUncleCountByBlockHash"
            | "eth_getUncleByBlockNumberAndIndex"
            | "eth_getUncleByBlockHashAndIndex" => self.block_item(method, params).await,
            "eth_feeHistory" => self.fee_history(params).await,
            "eth_fillTransaction" => self.fill_transaction(params).await,
            #[cfg(feature = "full")]
            "eth_simulateV1" => self.simulate_v1(params).await,
            // Outside a wallet's flow (viem's `simulateCalls` only) and 20 KB gzipped of the first
            // module (its payload's serde code, a second run of MetisVM): the package moves the node
            // to the full module. viem's `sendTransaction` asks `eth_fillTransaction`: it stays.
            #[cfg(not(feature = "full"))]
            "eth_simulateV1" => Err(Error::FullModule(method.to_owned())),
            "eth_maxPriorityFeePerGas" => Ok(hex_quantity(self.suggest_tip().await?)),
            "eth_gasPrice" => Ok(hex_quantity(self.gas_price().await?)),
            "eth_blobBaseFee" => Ok(hex_quantity(self.blob_base_fee().await?)),
            "eth_newFilter" | "eth_newBlockFilter" | "eth_getFilterChanges" | "eth_getFilterLogs" | "eth_uninstallFilter" => self.filter_method(method, params).await,
            // A light client holds no keys, is never behind the head it verified, and always listens.
            "eth_accounts" => Ok(json!([])),
            "eth_syncing" => Ok(json!(false)),
            "net_listening" => Ok(json!(true)),
            "web3_clientVersion" => Ok(json!(concat!("metis-lightnode/", env!("CARGO_PKG_VERSION")))),
            "eth_sendRawTransaction" => self.send_raw_transaction(params).await,
            other => Err(Error::NotVerifiable(other.to_owned())),
        }
    }
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// `eth_sendRawTransaction`: the bytes must decode as a signed transaction; the answer is the
    /// hash computed here (a server that names another hash is refused: it did not take these bytes).
    async fn send_raw_transaction(&self, params: &[Value]) -> Result<Value> {
        let raw = json::parse_hex("transaction", params.first().and_then(Value::as_str).unwrap_or_default())?;
        let tx = <TxEnvelope as Decodable2718>::decode_2718(&mut raw.as_ref()).map_err(|e| Error::invalid("transaction", e))?;
        let hash = *tx.tx_hash();
        let answer = self.rpc.call("eth_sendRawTransaction", Value::Array(params.to_vec())).await?;
        match answer.as_str().map(|s| s.parse::<B256>()) {
            Some(Ok(claimed)) if claimed != hash => Err(Error::ClaimMismatch { field: "eth_sendRawTransaction".into(), claimed: claimed.to_string(), proven: hash.to_string() }),
            _ => Ok(json!(hash)),
        }
    }
}

fn hex_quantity(value: u128) -> Value {
    json!(format!("{value:#x}"))
}

fn hash_param(value: Option<&Value>) -> Result<B256> {
    crate::verify::header::parse_hash("hash", value.unwrap_or(&Value::Null))
}
