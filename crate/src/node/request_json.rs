//! A caller's call request (`eth_call`, `eth_estimateGas`, `eth_createAccessList`,
//! `eth_fillTransaction`) and geth's state overrides, decoded as alloy's deserializers decode them,
//! field by field: alloy's buffer the request for its flattened `input`/`data` and sidecar (serde's
//! `Content`) and hold a derived visitor per type, about 15 KB of the first module's code
//! (`node scripts/size-profile.mjs`).

use crate::error::{Error, Result};
use crate::json::Fields;
use alloy_primitives::map::{AddressHashMap, B256HashMap};
use alloy_primitives::{Address, B256, U8};
use alloy_rpc_types_eth::state::{AccountOverride, StateOverride};
use alloy_rpc_types_eth::{TransactionInput, TransactionRequest};
use serde_json::Value;

/// Decodes `value`, a call request object. A blob sidecar's fields are not read: they do not change
/// what a call runs, and this node never sends the request on.
pub fn request_from_json(what: &str, value: &Value) -> Result<TransactionRequest> {
    if !value.is_object() {
        return Err(Error::invalid(what, "expected a transaction request object"));
    }
    let f = Fields { what, value };
    Ok(TransactionRequest {
        from: f.parse("from")?,
        to: f.parse("to")?,
        gas_price: f.opt_u128("gasPrice")?,
        max_fee_per_gas: f.opt_u128("maxFeePerGas")?,
        max_priority_fee_per_gas: f.opt_u128("maxPriorityFeePerGas")?,
        max_fee_per_blob_gas: f.opt_u128("maxFeePerBlobGas")?,
        gas: f.opt_u64("gas")?,
        value: f.parse("value")?,
        input: TransactionInput { input: f.parse("input")?, data: f.parse("data")? },
        nonce: f.opt_u64("nonce")?,
        chain_id: f.opt_u64("chainId")?,
        access_list: f.parse("accessList")?,
        transaction_type: f.parse::<Option<U8>>("type")?.map(|q| q.to()),
        blob_versioned_hashes: f.parse("blobVersionedHashes")?,
        sidecar: None,
        authorization_list: f.parse("authorizationList")?,
    })
}

/// Decodes `value`, geth's state overrides: an object from address to the account's override, whose
/// fields are `balance`, `nonce`, `code`, `state`, `stateDiff` and `movePrecompileToAddress` (any
/// other is refused, as alloy refuses it).
pub fn overrides_from_json(value: &Value) -> Result<StateOverride> {
    let accounts = value.as_object().ok_or_else(|| Error::invalid("stateOverride", "expected an object"))?;
    let mut overrides = AddressHashMap::default();
    for (address, given) in accounts {
        let what = format!("stateOverride.{address}");
        let address: Address = address.parse().map_err(|e| Error::invalid(&what, e))?;
        if !given.is_object() {
            return Err(Error::invalid(&what, "expected an object"));
        }
        let f = Fields { what: &what, value: given };
        f.unknown(&["balance", "nonce", "code", "state", "stateDiff", "movePrecompileToAddress", "MovePrecompileToAddress"])?;
        let slots = |name: &str| f.parse::<Option<B256HashMap<B256>>>(name);
        let moved = if given.get("movePrecompileToAddress").is_some() { "movePrecompileToAddress" } else { "MovePrecompileToAddress" };
        let account = AccountOverride {
            balance: f.parse("balance")?,
            nonce: f.opt_u64("nonce")?,
            code: f.parse("code")?,
            state: slots("state")?,
            state_diff: slots("stateDiff")?,
            move_precompile_to: f.parse(moved)?,
        };
        if overrides.insert(address, account).is_some() {
            return Err(Error::invalid(&what, "the address is given twice"));
        }
    }
    Ok(overrides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "0x00000000000000000000000000000000000000aa";
    const K: &str = "0x0000000000000000000000000000000000000000000000000000000000000001";

    #[test]
    fn each_request_reads_as_alloys_deserializer_reads_it() {
        let given = [
            json!({}),
            json!({ "from": A, "to": A, "data": "0x1234", "value": "0x10", "gas": "0x5208" }),
            json!({ "to": null, "input": "0x60", "data": "0x61", "nonce": "0x1", "chainId": "0x1", "type": "0x2", "maxFeePerGas": "0x3", "maxPriorityFeePerGas": "0x1" }),
            json!({ "gasPrice": "0x7", "accessList": [{ "address": A, "storageKeys": [K] }], "unknown": 1 }),
            json!({ "type": "0x3", "to": A, "blobVersionedHashes": [K], "maxFeePerBlobGas": "0x9" }),
            json!({ "type": "0x4", "to": A, "authorizationList": [{ "chainId": "0x1", "address": A, "nonce": "0x0", "yParity": "0x1", "r": "0x1", "s": "0x2" }] }),
        ];
        for value in given {
            let alloys: TransactionRequest = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(request_from_json("tx", &value).unwrap(), alloys, "{value}");
        }
    }

    #[test]
    fn a_request_alloy_refuses_is_refused() {
        let refused = [json!(null), json!([]), json!({ "to": "0xaa" }), json!({ "gas": "0x10000000000000000" }), json!({ "type": "0x100" }), json!({ "value": 1.5 }), json!({ "data": "0xzz" })];
        for value in refused {
            assert!(serde_json::from_value::<TransactionRequest>(value.clone()).is_err(), "alloy takes {value}");
            assert!(request_from_json("tx", &value).is_err(), "{value} was taken");
        }
    }

    #[test]
    fn overrides_read_as_alloys_deserializer_reads_them() {
        let given = [
            json!({}),
            json!({ "0x00000000000000000000000000000000000000aa": { "balance": "0x1", "nonce": "0x2", "code": "0x6000" } }),
            json!({ "0x00000000000000000000000000000000000000aa": { "state": { "0x0000000000000000000000000000000000000000000000000000000000000001": K } }, "0x00000000000000000000000000000000000000bb": { "stateDiff": { "0x0000000000000000000000000000000000000000000000000000000000000001": K }, "MovePrecompileToAddress": A } }),
            json!({ "0x00000000000000000000000000000000000000aa": { "movePrecompileToAddress": A, "balance": null } }),
        ];
        for value in given {
            let alloys: StateOverride = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(overrides_from_json(&value).unwrap(), alloys, "{value}");
        }
        let refused = [json!([]), json!({ "0xaa": {} }), json!({ "0x00000000000000000000000000000000000000aa": { "balanse": "0x1" } }), json!({ "0x00000000000000000000000000000000000000aa": { "state": { "0x1": K } } }), json!({ "0x00000000000000000000000000000000000000aa": { "nonce": "0x10000000000000000" } })];
        for value in refused {
            assert!(serde_json::from_value::<StateOverride>(value.clone()).is_err(), "alloy takes {value}");
            assert!(overrides_from_json(&value).is_err(), "{value} was taken");
        }
        // serde's derive also reads an account's override from a list of its fields in order, which
        // geth does not: refused here.
        let listed = json!({ "0x00000000000000000000000000000000000000aa": [] });
        assert!(serde_json::from_value::<StateOverride>(listed.clone()).is_ok() && overrides_from_json(&listed).is_err());
    }
}
