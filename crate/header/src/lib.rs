//! Execution-layer headers from RPC JSON: the decoder a header sync runs once per header.
//!
//! A crate of its own so that it is built for speed while the node crate is built for size: serde's
//! deserializers are compiled where they are instantiated, and here that is at opt-level 3 (headers
//! decoded 1.32x slower in the size-built node crate). The caller turns a failure into its own
//! error (which may name the field's path) by decoding again its own way.
//!
//! Read field by field with the deserializer alloy's derive uses for each field (the field names,
//! aliases and defaults of alloy's `Header`), each read into place: alloy's derived deserializer
//! was 12 KB of the first module's code, most of it copies of each field's value
//! (`node scripts/size-profile.mjs`). Where alloy refuses a name given with its alias as a
//! duplicate, the name is read: the header is held to its hash either way.

#![warn(unused_crate_dependencies)]

use alloy_consensus::Header;
use alloy_primitives::U64;
use serde::de::{DeserializeOwned, Error as _};
use serde_json::Value;

/// The header `value` holds, in the JSON-RPC API's field names (any others are ignored).
pub fn from_json(value: &Value) -> Result<Header, serde_json::Error> {
    if !value.is_object() {
        return Err(serde_json::Error::custom("expected a header object"));
    }
    let mut h = Header::default();
    read(value, "parentHash", &mut h.parent_hash)?;
    read(value, aliased(value, "sha3Uncles", "ommersHash"), &mut h.ommers_hash)?;
    read(value, aliased(value, "miner", "beneficiary"), &mut h.beneficiary)?;
    read(value, "stateRoot", &mut h.state_root)?;
    read(value, "transactionsRoot", &mut h.transactions_root)?;
    read(value, "receiptsRoot", &mut h.receipts_root)?;
    read(value, "logsBloom", &mut h.logs_bloom)?;
    read(value, "difficulty", &mut h.difficulty)?;
    h.number = quantity(value, "number")?;
    h.gas_limit = quantity(value, "gasLimit")?;
    h.gas_used = quantity(value, "gasUsed")?;
    h.timestamp = quantity(value, "timestamp")?;
    read(value, "extraData", &mut h.extra_data)?;
    read(value, "mixHash", &mut h.mix_hash)?;
    read(value, "nonce", &mut h.nonce)?;
    h.base_fee_per_gas = optional_quantity(value, "baseFeePerGas")?;
    read(value, "withdrawalsRoot", &mut h.withdrawals_root)?;
    h.blob_gas_used = optional_quantity(value, "blobGasUsed")?;
    h.excess_blob_gas = optional_quantity(value, "excessBlobGas")?;
    read(value, "parentBeaconBlockRoot", &mut h.parent_beacon_block_root)?;
    read(value, "requestsHash", &mut h.requests_hash)?;
    read(value, "blockAccessListHash", &mut h.block_access_list_hash)?;
    h.slot_number = optional_quantity(value, "slotNumber")?;
    Ok(h)
}

/// `name`, or its alias where only that is given.
fn aliased<'a>(value: &Value, name: &'a str, alias: &'a str) -> &'a str {
    if value.get(name).is_none() && value.get(alias).is_some() { alias } else { name }
}

/// `name` by `T`'s deserializer, into `out`; absent reads as null, which only an `Option` takes.
fn read<T: DeserializeOwned>(value: &Value, name: &str, out: &mut T) -> Result<(), serde_json::Error> {
    match value.get(name) {
        Some(field) => *out = T::deserialize(field).map_err(|e| serde_json::Error::custom(format_args!("`{name}`: {e}")))?,
        None => *out = T::deserialize(&Value::Null).map_err(|_| serde_json::Error::custom(format_args!("missing field `{name}`")))?,
    }
    Ok(())
}

/// A quantity (`alloy_serde::quantity`: ruint's deserializer).
fn quantity(value: &Value, name: &str) -> Result<u64, serde_json::Error> {
    let mut q = U64::ZERO;
    read(value, name, &mut q)?;
    Ok(q.to())
}

fn optional_quantity(value: &Value, name: &str) -> Result<Option<u64>, serde_json::Error> {
    let mut q: Option<U64> = None;
    read(value, name, &mut q)?;
    Ok(q.map(|q| q.to()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header() -> Header {
        Header {
            number: 17,
            gas_limit: 30_000_000,
            gas_used: 21_000,
            timestamp: 1_700_000_000,
            extra_data: vec![1, 2, 3].into(),
            base_fee_per_gas: Some(7),
            withdrawals_root: Some([4; 32].into()),
            blob_gas_used: Some(131_072),
            excess_blob_gas: Some(0),
            parent_beacon_block_root: Some([5; 32].into()),
            requests_hash: Some([6; 32].into()),
            difficulty: alloy_primitives::U256::from(1) << 70,
            ..Header::default()
        }
    }

    #[test]
    fn every_shape_reads_as_alloys_deserializer_reads_it() {
        let full = serde_json::to_value(header()).unwrap();
        let mut shapes = vec![full.clone()];
        let mut london = full.clone();
        for field in ["withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash"] {
            london.as_object_mut().unwrap().remove(field);
        }
        shapes.push(london.clone());
        let mut aliased = london.clone();
        let miner = aliased.as_object_mut().unwrap().remove("miner").unwrap();
        aliased["beneficiary"] = miner;
        let ommers = aliased.as_object_mut().unwrap().remove("sha3Uncles").unwrap();
        aliased["ommersHash"] = ommers;
        aliased["baseFeePerGas"] = Value::Null;
        aliased["totalDifficulty"] = json!("0x1");
        shapes.push(aliased);
        for value in shapes {
            assert_eq!(from_json(&value).unwrap(), serde_json::from_value::<Header>(value.clone()).unwrap(), "{value}");
        }
    }

    #[test]
    fn what_alloy_refuses_is_refused() {
        let edits = [("number", json!(null)), ("number", json!("0x10000000000000000")), ("parentHash", json!("0x01")), ("logsBloom", json!(7)), ("baseFeePerGas", json!("x")), ("nonce", json!("0x01"))];
        for (field, bad) in edits {
            let mut value = serde_json::to_value(header()).unwrap();
            value[field] = bad.clone();
            assert!(serde_json::from_value::<Header>(value.clone()).is_err(), "alloy takes {field}: {bad}");
            assert!(from_json(&value).is_err(), "{field}: {bad} was taken");
        }
        let mut value = serde_json::to_value(header()).unwrap();
        value.as_object_mut().unwrap().remove("stateRoot");
        assert!(from_json(&value).unwrap_err().to_string().contains("missing field `stateRoot`"));
        assert!(from_json(&json!([])).is_err());
    }
}
