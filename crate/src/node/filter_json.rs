//! A caller's log filter (`eth_getLogs`, `eth_newFilter`) decoded as alloy's deserializer decodes
//! it, field by field: alloy's goes through an untagged enum per address and topic, buffered in
//! serde's `Content`, about 10 KB of the first module's code (`node scripts/size-profile.mjs`).

use crate::error::{Error, Result};
use crate::json;
use alloy_eips::BlockNumberOrTag;
use alloy_primitives::{Address, B256};
use alloy_rpc_types_eth::{Filter, FilterBlockOption, FilterSet};
use serde_json::Value;
use std::hash::Hash;

/// Decodes `value`: `fromBlock`, `toBlock` (a number or a tag), or `blockHash` (not with either),
/// `address` (one, a list, or null) and at most four `topics` (each null, one, or a list); any
/// other field is refused, as alloy refuses it.
pub fn filter_from_json(value: &Value) -> Result<Filter> {
    let fields = value.as_object().ok_or_else(|| Error::invalid("filter", "expected an object"))?;
    json::Fields { what: "filter", value }.unknown(&["fromBlock", "toBlock", "blockHash", "address", "topics"])?;
    let field = |name: &str| fields.get(name).unwrap_or(&Value::Null);
    let block = |name: &str| match field(name) {
        Value::Null => Ok(None),
        Value::String(s) => s.parse::<BlockNumberOrTag>().map(Some).map_err(|e| Error::invalid(format!("filter.{name}"), e)),
        _ => Err(Error::invalid(format!("filter.{name}"), "expected a block number or tag")),
    };
    let (from_block, to_block) = (block("fromBlock")?, block("toBlock")?);
    let block_option = match field("blockHash") {
        Value::Null => FilterBlockOption::Range { from_block, to_block },
        hash if from_block.is_none() && to_block.is_none() => FilterBlockOption::AtBlockHash(json::parse_b256("filter.blockHash", hash.as_str().unwrap_or_default())?),
        _ => return Err(Error::invalid("filter", "cannot specify both blockHash and fromBlock/toBlock, choose one or the other")),
    };
    let address = set::<Address>("filter.address", field("address"))?;
    let mut topics: [FilterSet<B256>; 4] = Default::default();
    match field("topics") {
        Value::Null => {}
        Value::Array(given) if given.len() <= topics.len() => {
            for (i, (topic, given)) in topics.iter_mut().zip(given).enumerate() {
                *topic = set::<B256>(&format!("filter.topics[{i}]"), given)?;
            }
        }
        Value::Array(_) => return Err(Error::invalid("filter.topics", "exceeded maximum topics len")),
        _ => return Err(Error::invalid("filter.topics", "expected an array")),
    }
    Ok(Filter { block_option, address, topics })
}

/// One value, a list, or null (any value): a list holding a null matches any value too.
fn set<T: Eq + Hash + serde::de::DeserializeOwned>(what: &str, value: &Value) -> Result<FilterSet<T>> {
    match value {
        Value::Null => Ok(FilterSet::default()),
        Value::Array(items) if items.iter().any(Value::is_null) => Ok(FilterSet::default()),
        Value::Array(items) => items.iter().map(|item| json::parse::<T>(what, item)).collect::<Result<Vec<T>>>().map(FilterSet::from),
        one => json::parse::<T>(what, one).map(FilterSet::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "0x00000000000000000000000000000000000000aa";
    const T: &str = "0x000000000000000000000000000000000000000000000000000000000000002a";

    #[test]
    fn each_shape_decodes_as_alloys_deserializer_decodes_it() {
        let given = [
            json!({}),
            json!({ "fromBlock": "0x10", "toBlock": "latest" }),
            json!({ "fromBlock": "earliest", "toBlock": null, "address": A }),
            json!({ "blockHash": T, "address": [A, "0x00000000000000000000000000000000000000bb"] }),
            json!({ "blockHash": T, "fromBlock": null }),
            json!({ "address": [A, null], "topics": [T] }),
            json!({ "address": null, "topics": [null, [T, "0x000000000000000000000000000000000000000000000000000000000000002b"], [T, null], T] }),
            json!({ "topics": [] }),
            json!({ "topics": null, "address": [] }),
        ];
        for value in given {
            let alloys: Filter = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(filter_from_json(&value).unwrap(), alloys, "{value}");
        }
    }

    #[test]
    fn what_alloy_refuses_is_refused() {
        let refused = [
            json!([]),
            json!("latest"),
            json!({ "fromBlock": "0x1", "blockHash": T }),
            json!({ "toBlock": "latest", "blockHash": T }),
            json!({ "fromBlock": "10" }),
            json!({ "fromBlock": 16 }),
            json!({ "toBlock": "0xzz" }),
            json!({ "blockHash": "0x2a" }),
            json!({ "blockHash": 42 }),
            json!({ "address": "0xaa" }),
            json!({ "address": [A, 7] }),
            json!({ "topics": [T, T, T, T, T] }),
            json!({ "topics": T }),
            json!({ "topics": [[T, "0x01"]] }),
            json!({ "topic": [T] }),
        ];
        for value in refused {
            assert!(serde_json::from_value::<Filter>(value.clone()).is_err(), "alloy takes {value}");
            assert!(filter_from_json(&value).is_err(), "{value} was taken");
        }
    }
}
