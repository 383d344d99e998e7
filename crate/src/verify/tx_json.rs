//! An RPC transaction object decoded by its `type`, field by field with the deserializer alloy's
//! derive uses for each field (ruint's quantities, alloy's addresses, bytes, access and
//! authorization lists), the signature by alloy's or, for a legacy transaction, EIP-155's rules as
//! alloy applies them. alloy's envelope deserializer buffers the whole object for its tag and again
//! for its flattened signature (serde's `Content`): 26 KB of the first module's code in one
//! function; each type's derived deserializer then was 21 KB (`node scripts/size-profile.mjs`).
//! Where alloy refuses a duplicate (`gas` with `gasLimit`), `gas` is read: the transaction is held
//! to its root or its hash either way. The hash is left zero: the caller computes it.

use crate::error::{Error, Result};
use crate::json::{self, Fields};
use alloy_consensus::transaction::from_eip155_value;
use alloy_consensus::{Signed, TxEip1559, TxEip2930, TxEip4844, TxEip4844Variant, TxEip7702, TxEnvelope, TxLegacy};
use alloy_primitives::{Address, B256, Signature, TxKind, U128, U256};
use serde_json::Value;

/// Decodes `value`, an `eth_getTransaction*` object (any fields past a type's own are ignored, as
/// alloy ignores them; a blob transaction's sidecar among them).
pub fn object_from_json(what: &str, value: &Value) -> Result<TxEnvelope> {
    let f = Fields { what, value };
    // Each field read into place (`Fields::read`).
    Ok(match tx_type(what, value.get("type"))? {
        0 => TxEnvelope::Legacy(legacy(&f)?),
        1 => {
            let mut tx = TxEip2930 { chain_id: f.u64("chainId")?, nonce: f.u64("nonce")?, gas_price: f.u128("gasPrice")?, gas_limit: f.gas()?, to: f.to()?, ..Default::default() };
            f.read("value", &mut tx.value)?;
            f.read("accessList", &mut tx.access_list)?;
            f.read("input", &mut tx.input)?;
            TxEnvelope::Eip2930(f.signed(tx)?)
        }
        2 => {
            let mut tx = TxEip1559 { chain_id: f.u64("chainId")?, nonce: f.u64("nonce")?, gas_limit: f.gas()?, to: f.to()?, ..Default::default() };
            (tx.max_fee_per_gas, tx.max_priority_fee_per_gas) = (f.u128("maxFeePerGas")?, f.u128("maxPriorityFeePerGas")?);
            f.read("value", &mut tx.value)?;
            // alloy takes a null list as empty here (`null_as_default`), but requires the field.
            f.present("accessList")?;
            tx.access_list = f.parse::<Option<_>>("accessList")?.unwrap_or_default();
            f.read("input", &mut tx.input)?;
            TxEnvelope::Eip1559(f.signed(tx)?)
        }
        3 => {
            let mut tx = TxEip4844 { chain_id: f.u64("chainId")?, nonce: f.u64("nonce")?, gas_limit: f.gas()?, max_fee_per_blob_gas: f.u128("maxFeePerBlobGas")?, ..Default::default() };
            (tx.max_fee_per_gas, tx.max_priority_fee_per_gas) = (f.u128("maxFeePerGas")?, f.u128("maxPriorityFeePerGas")?);
            f.read("to", &mut tx.to)?;
            f.read("value", &mut tx.value)?;
            f.read("accessList", &mut tx.access_list)?;
            f.read("blobVersionedHashes", &mut tx.blob_versioned_hashes)?;
            f.read("input", &mut tx.input)?;
            TxEnvelope::Eip4844(f.signed(tx)?.map(TxEip4844Variant::TxEip4844))
        }
        4 => {
            let mut tx = TxEip7702 { chain_id: f.u64("chainId")?, nonce: f.u64("nonce")?, gas_limit: f.gas()?, ..Default::default() };
            (tx.max_fee_per_gas, tx.max_priority_fee_per_gas) = (f.u128("maxFeePerGas")?, f.u128("maxPriorityFeePerGas")?);
            f.read("to", &mut tx.to)?;
            f.read("value", &mut tx.value)?;
            f.read("accessList", &mut tx.access_list)?;
            f.read("authorizationList", &mut tx.authorization_list)?;
            f.read("input", &mut tx.input)?;
            TxEnvelope::Eip7702(f.signed(tx)?)
        }
        other => return Err(Error::invalid(format!("{what}.type"), format!("transaction type {other} is not known"))),
    })
}

/// The `type` quantity; absent or null is legacy, as alloy's untagged fallback takes it.
pub(super) fn tx_type(what: &str, value: Option<&Value>) -> Result<u8> {
    let field = || format!("{what}.type");
    match value {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(s)) => s
            .strip_prefix("0x")
            .filter(|digits| !digits.is_empty() && digits.len() <= 2)
            .and_then(|digits| u8::from_str_radix(digits, 16).ok())
            .ok_or_else(|| Error::invalid(field(), "expected a 0x quantity of one byte")),
        Some(_) => Err(Error::invalid(field(), "expected a 0x quantity")),
    }
}

/// A transaction's own readers on top of the shared ones.
trait TxFields {
    fn gas(&self) -> Result<u64>;
    fn to(&self) -> Result<TxKind>;
    fn signed<T>(&self, tx: T) -> Result<Signed<T>>;
}

impl TxFields for Fields<'_> {
    /// `gas`, or its alias `gasLimit`.
    fn gas(&self) -> Result<u64> {
        self.u64(if self.value.get("gas").is_some() { "gas" } else { "gasLimit" })
    }

    /// `to`: absent or null is a creation.
    fn to(&self) -> Result<TxKind> {
        Ok(self.parse::<Option<Address>>("to")?.into())
    }

    /// A typed transaction's signature: `yParity` (or `v`) with `r` and `s`, by alloy's deserializer.
    fn signed<T>(&self, tx: T) -> Result<Signed<T>> {
        Ok(Signed::new_unchecked(tx, json::parse::<Signature>(self.what, self.value)?, B256::ZERO))
    }
}

/// A legacy transaction: `v` is EIP-155's (`27 + parity`, or `35 + 2 * chainId + parity`, whose chain
/// id must agree with a `chainId` also given), or all of `v`, `r` and `s` are zero (the system
/// transactions of some L2s, alloy's reading too).
fn legacy(f: &Fields) -> Result<Signed<TxLegacy>> {
    let what = f.what;
    let mut tx = TxLegacy {
        chain_id: f.opt_u64("chainId")?,
        nonce: f.u64("nonce")?,
        // alloy saturates a gas price past u128 rather than refuse it.
        gas_price: f.parse::<U256>("gasPrice")?.saturating_to(),
        gas_limit: f.gas()?,
        to: f.to()?,
        ..Default::default()
    };
    f.read("value", &mut tx.value)?;
    f.read("input", &mut tx.input)?;
    let v: U128 = f.parse("v")?;
    let r: U256 = f.parse("r")?;
    let s: U256 = f.parse("s")?;
    let signature = if v.is_zero() && r.is_zero() && s.is_zero() {
        Signature::new(U256::ZERO, U256::ZERO, false)
    } else {
        let (parity, chain_id) = from_eip155_value(v.to()).ok_or_else(|| Error::invalid(format!("{what}.v"), "not an EIP-155 signature parity value"))?;
        if let Some((given, from_v)) = tx.chain_id.zip(chain_id)
            && given != from_v
        {
            return Err(Error::invalid(format!("{what}.chainId"), format!("{given}, but v names chain {from_v}")));
        }
        tx.chain_id = chain_id;
        Signature::new(r, s, parity)
    };
    Ok(Signed::new_unchecked(tx, signature, B256::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_consensus::SignableTransaction;
    use alloy_eips::eip2718::Encodable2718;
    use alloy_primitives::{Address, Bytes, TxKind, address};
    use serde_json::json;

    fn signature(parity: bool) -> Signature {
        Signature::new(U256::from(0x1234_5678u64), U256::from(0x9abc_def0u64), parity)
    }

    /// Every type as alloy writes it (its own serializer), decoded back: each equals alloy's envelope.
    fn envelopes() -> Vec<TxEnvelope> {
        let to = address!("0x00000000000000000000000000000000000000aa");
        let input = Bytes::from_static(&[1, 2, 3]);
        vec![
            TxLegacy { chain_id: Some(1), nonce: 1, gas_price: 7, gas_limit: 21_000, to: TxKind::Call(to), value: U256::from(5), input: input.clone() }.into_signed(signature(true)).into(),
            TxLegacy { chain_id: None, nonce: 2, gas_price: 7, gas_limit: 50_000, to: TxKind::Create, value: U256::ZERO, input: input.clone() }.into_signed(signature(false)).into(),
            TxEip2930 { chain_id: 1, nonce: 3, gas_price: 9, gas_limit: 30_000, to: TxKind::Call(to), input: input.clone(), ..Default::default() }.into_signed(signature(true)).into(),
            TxEip1559 { chain_id: 1, nonce: 4, max_fee_per_gas: 10, max_priority_fee_per_gas: 2, gas_limit: 30_000, to: TxKind::Call(to), input: input.clone(), ..Default::default() }.into_signed(signature(false)).into(),
            TxEip4844 { chain_id: 1, nonce: 5, max_fee_per_blob_gas: 3, blob_versioned_hashes: vec![B256::repeat_byte(1)], to, input: input.clone(), ..Default::default() }.into_signed(signature(true)).into(),
            TxEip7702 { chain_id: 1, nonce: 6, to, input, ..Default::default() }.into_signed(signature(false)).into(),
        ]
    }

    #[test]
    fn each_type_decodes_as_alloys_envelope_deserializer_decodes_it() {
        for tx in envelopes() {
            let value = serde_json::to_value(&tx).unwrap();
            let ours = object_from_json("tx", &value).unwrap();
            let alloys: TxEnvelope = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(ours.encoded_2718(), alloys.encoded_2718(), "{value}");
            assert_eq!(ours.encoded_2718(), tx.encoded_2718());
        }
    }

    #[test]
    fn a_legacy_v_names_the_chain_and_must_agree_with_chain_id() {
        let tx: TxEnvelope = TxLegacy { chain_id: Some(5), gas_limit: 21_000, to: TxKind::Call(Address::ZERO), ..Default::default() }.into_signed(signature(true)).into();
        let mut value = serde_json::to_value(&tx).unwrap();
        assert_eq!(value["v"], json!("0x2e"), "35 + 2 * 5 + 1");
        value.as_object_mut().unwrap().remove("chainId");
        let TxEnvelope::Legacy(decoded) = object_from_json("tx", &value).unwrap() else { panic!("legacy") };
        assert_eq!((decoded.tx().chain_id, decoded.signature().v()), (Some(5), true), "the chain id read from v");
        value["chainId"] = json!("0x6");
        assert!(object_from_json("tx", &value).unwrap_err().to_string().contains("chain 5"));
        value["chainId"] = json!("0x5");
        value["v"] = json!("0x1d");
        assert!(object_from_json("tx", &value).is_err(), "v = 29 is no parity value");
    }

    #[test]
    fn the_fields_alloy_reads_loosely_are_read_as_it_reads_them() {
        let alloys = |value: &Value| serde_json::from_value::<TxEnvelope>(value.clone()).map(|tx| tx.encoded_2718());
        let ours = |value: &Value| object_from_json("tx", value).map(|tx| tx.encoded_2718());
        let mut value = serde_json::to_value(&envelopes()[3]).unwrap();
        let gas = value.as_object_mut().unwrap().remove("gas").unwrap();
        value["gasLimit"] = gas;
        assert_eq!(ours(&value).unwrap(), alloys(&value).unwrap(), "gasLimit for gas");
        value["accessList"] = Value::Null;
        assert_eq!(ours(&value).unwrap(), alloys(&value).unwrap(), "a null access list is empty");
        value.as_object_mut().unwrap().remove("accessList");
        assert!(ours(&value).is_err() && alloys(&value).is_err(), "an absent one is refused");
        let mut value = serde_json::to_value(&envelopes()[0]).unwrap();
        value["to"] = Value::Null;
        value["gasPrice"] = json!(format!("{:#x}", U256::MAX));
        assert_eq!(ours(&value).unwrap(), alloys(&value).unwrap(), "a creation; a gas price past u128 saturates");
        for (i, field) in [(4, "to"), (4, "maxFeePerBlobGas"), (5, "authorizationList"), (2, "accessList"), (1, "nonce"), (0, "value"), (0, "input")] {
            let mut value = serde_json::to_value(&envelopes()[i]).unwrap();
            value.as_object_mut().unwrap().remove(field);
            assert!(ours(&value).is_err() && alloys(&value).is_err(), "{field} of {i} is required");
        }
    }

    #[test]
    fn unknown_types_and_malformed_fields_are_refused() {
        let mut value = serde_json::to_value(&envelopes()[3]).unwrap();
        for bad in [json!("0x5"), json!("0x100"), json!("0x"), json!("2"), json!(2)] {
            value["type"] = bad.clone();
            assert!(object_from_json("tx", &value).is_err(), "type {bad}");
        }
        value["type"] = json!("0x2");
        value.as_object_mut().unwrap().remove("yParity");
        value.as_object_mut().unwrap().remove("v");
        assert!(object_from_json("tx", &value).is_err(), "no parity");
        let mut value = serde_json::to_value(&envelopes()[0]).unwrap();
        value.as_object_mut().unwrap().remove("r");
        assert!(object_from_json("tx", &value).is_err(), "no r");
    }
}
