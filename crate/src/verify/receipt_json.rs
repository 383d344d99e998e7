//! An RPC receipt object decoded field by field into alloy's envelope: alloy's deserializer buffers
//! the object for its flattened status, bloom and logs (serde's `Content` and `FlatMapDeserializer`),
//! about 11 KB of the first module's code (`node scripts/size-profile.mjs`).

use super::tx_json::tx_type;
use crate::error::{Error, Result};
use crate::json;
use alloy_consensus::{Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, TxType};
use alloy_primitives::{Address, B256, Bloom, Bytes, Log, U64};
use serde_json::Value;

/// Decodes `value`, an `eth_getTransactionReceipt` object: `type` (absent is legacy), `status` (or a
/// pre-Byzantium `root`), `cumulativeGasUsed`, `logsBloom` and `logs` (each `address`, `topics`,
/// `data`); other fields are ignored, as alloy ignores them.
pub fn receipt_from_json(what: &str, value: &Value) -> Result<ReceiptEnvelope<Log>> {
    let field = |name: &str| value.get(name).unwrap_or(&Value::Null);
    let path = |name: &str| format!("{what}.{name}");
    let ty = TxType::try_from(tx_type(what, value.get("type"))?).map_err(|e| Error::invalid(path("type"), e))?;
    // A `status` is preferred where both are given, as alloy prefers it.
    let status = match (field("status"), field("root")) {
        (Value::Null, Value::Null) => return Err(Error::invalid(what, "neither a status nor a root")),
        (Value::Null, root) => Eip658Value::PostState(json::parse::<B256>(&path("root"), root)?),
        (status, _) => match json::parse::<U64>(&path("status"), status)?.to::<u64>() {
            0 => Eip658Value::Eip658(false),
            1 => Eip658Value::Eip658(true),
            other => return Err(Error::invalid(path("status"), format!("{other} is neither 0 nor 1"))),
        },
    };
    let cumulative_gas_used = json::parse::<U64>(&path("cumulativeGasUsed"), field("cumulativeGasUsed"))?.to::<u64>();
    let logs_bloom: Bloom = json::parse(&path("logsBloom"), field("logsBloom"))?;
    let logs = logs_from_json(&path("logs"), field("logs"))?;
    Ok(ReceiptEnvelope::from_typed(ty, ReceiptWithBloom { receipt: Receipt { status, cumulative_gas_used, logs }, logs_bloom }))
}

/// Decodes `value`, a list of logs (an `eth_getLogs` answer), each as in a receipt: the block and
/// transaction fields around it are not read.
pub fn logs_from_json(what: &str, value: &Value) -> Result<Vec<Log>> {
    let logs = value.as_array().ok_or_else(|| Error::invalid(what, "expected an array"))?;
    logs.iter().enumerate().map(|(i, log)| log_from_json(&format!("{what}[{i}]"), log)).collect()
}

fn log_from_json(what: &str, value: &Value) -> Result<Log> {
    let field = |name: &str| value.get(name).unwrap_or(&Value::Null);
    let address: Address = json::parse(&format!("{what}.address"), field("address"))?;
    let topics: Vec<B256> = json::parse(&format!("{what}.topics"), field("topics"))?;
    let data: Bytes = json::parse(&format!("{what}.data"), field("data"))?;
    Log::new(address, topics, data).ok_or_else(|| Error::invalid(format!("{what}.topics"), "more than 4 topics"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_eips::eip2718::Encodable2718;
    use alloy_primitives::{LogData, address};
    use serde_json::json;

    fn receipt(ty: TxType, status: Eip658Value) -> ReceiptEnvelope<Log> {
        let log = Log { address: address!("0x00000000000000000000000000000000000000aa"), data: LogData::new_unchecked(vec![B256::repeat_byte(7)], Bytes::from_static(&[1, 2])) };
        ReceiptEnvelope::from_typed(ty, Receipt { status, cumulative_gas_used: 21_000, logs: vec![log] }.with_bloom())
    }

    #[test]
    fn each_type_and_status_decodes_as_alloys_deserializer_decodes_it() {
        for ty in [TxType::Legacy, TxType::Eip2930, TxType::Eip1559, TxType::Eip4844, TxType::Eip7702] {
            for status in [Eip658Value::Eip658(true), Eip658Value::Eip658(false), Eip658Value::PostState(B256::repeat_byte(3))] {
                let value = serde_json::to_value(receipt(ty, status)).unwrap();
                let alloys: ReceiptEnvelope<Log> = serde_json::from_value(value.clone()).unwrap();
                assert_eq!(receipt_from_json("r", &value).unwrap().encoded_2718(), alloys.encoded_2718(), "{value}");
            }
        }
    }

    #[test]
    fn malformed_receipts_are_refused() {
        let good = serde_json::to_value(receipt(TxType::Eip1559, Eip658Value::Eip658(true))).unwrap();
        let with = |key: &str, bad: Value| {
            let mut value = good.clone();
            value[key] = bad;
            value
        };
        let mut no_status = good.clone();
        no_status.as_object_mut().unwrap().remove("status");
        let mut five_topics = good.clone();
        five_topics["logs"][0]["topics"] = json!(vec![B256::ZERO; 5]);
        for (value, why) in [
            (with("status", json!("0x2")), "status 2"),
            (with("type", json!("0x7")), "an unknown type"),
            (with("logsBloom", json!("0x00")), "a short bloom"),
            (with("logs", json!({})), "logs not an array"),
            (with("cumulativeGasUsed", json!("0x1ffffffffffffffff")), "gas past u64"),
            (five_topics, "five topics"),
            (no_status, "no status or root"),
        ] {
            assert!(receipt_from_json("r", &value).is_err(), "{why}");
        }
        assert!(receipt_from_json("r", &good).is_ok());
    }
}
