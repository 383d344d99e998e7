//! `eth_fillTransaction`: what a wallet needs to sign, filled from verified data as geth fills it
//! (`internal/ethapi` `setDefaults`): the nonce proven at the verified head, gas estimated by
//! MetisVM on proven state, and fees from the verified blocks' oracle (a tip, and a fee cap of the
//! tip plus twice the next base fee). The answer is the unsigned transaction, encoded and as an
//! object; nothing in it comes from the server's word.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use alloy_consensus::{SignableTransaction, TypedTransaction};
use alloy_primitives::{Bytes, U256};
use serde_json::{Value, json};

impl<T: Transport, S: Store> LightNode<T, S> {
    pub(super) async fn fill_transaction(&self, params: &[Value]) -> Result<Value> {
        let mut request = super::request_json::request_from_json("transaction", params.first().unwrap_or(&Value::Null))?;
        let from = request.from.ok_or_else(|| Error::invalid("from", "a transaction to fill names its sender"))?;
        // As of now: a transaction mined a moment ago must count in the nonce.
        let head = self.resolve(Some(&json!("pending"))).await?;
        let tag = json!(format!("{:#x}", head.header.number));
        request.chain_id.get_or_insert(self.spec.chain_id);
        if request.nonce.is_none() {
            request.nonce = Some(self.prove_account(&head, from, &[], false).await?.account.nonce);
        }
        let legacy = request.gas_price.is_some() || head.header.base_fee_per_gas.is_none();
        if legacy {
            if request.gas_price.is_none() {
                request.gas_price = Some(self.gas_price().await?);
            }
        } else if request.max_fee_per_gas.is_none() || request.max_priority_fee_per_gas.is_none() {
            let tip = match request.max_priority_fee_per_gas {
                Some(tip) => tip,
                None => self.suggest_tip().await?,
            };
            let base = u128::from(head.header.next_block_base_fee(alloy_eips::eip1559::BaseFeeParams::ethereum()).unwrap_or_default());
            request.max_priority_fee_per_gas = Some(tip);
            request.max_fee_per_gas.get_or_insert(tip.saturating_add(base.saturating_mul(2)));
        }
        if request.gas.is_none() {
            let estimate = self.execute("eth_estimateGas", &[serde_json::to_value(&request).map_err(|e| Error::invalid("transaction", e))?, tag]).await?;
            request.gas = Some(u64::try_from(json::parse::<U256>("gas", &estimate)?).map_err(|_| Error::invalid("gas", "too large"))?);
        }
        let tx: TypedTransaction = request.build_typed_tx().map_err(|_| Error::invalid("transaction", "its fields make no transaction type"))?;
        let mut raw = Vec::new();
        tx.encode_for_signing(&mut raw);
        let mut object = serde_json::to_value(&tx).map_err(|e| Error::invalid("transaction", e))?;
        if let Some(fields) = object.as_object_mut() {
            fields.insert("from".into(), json!(from));
        }
        Ok(json!({ "raw": Bytes::from(raw), "tx": object }))
    }
}
