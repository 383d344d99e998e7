//! The edge: untrusted RPC JSON parsed once into alloy types, with the path of any field at fault.

use crate::error::{Error, Result};
use alloy_primitives::{B256, Bytes, hex};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `value` as `T`; an error names `what` and the path inside it, e.g. `block.transactions[2].gas`.
#[cfg(feature = "full")]
pub fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { what.to_owned() } else { format!("{what}.{path}") };
        Error::invalid(field, e.inner())
    })
}

/// Parses `value` as `T`; an error names `what` and serde's reason (which names the field or the
/// type at fault) but not the path inside: tracking paths wraps every deserializer and was 236 KB
/// of the first module's 2,757 KB of code (`node scripts/size-profile.mjs`).
#[cfg(not(feature = "full"))]
pub fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T> {
    T::deserialize(value).map_err(|e| Error::invalid(what, e))
}

/// Parses a `0x`-prefixed 32-byte hash.
pub fn parse_b256(field: &str, s: &str) -> Result<B256> {
    let bytes = parse_hex(field, s)?;
    B256::try_from(bytes.as_ref())
        .map_err(|_| Error::invalid(field, format!("expected 32 bytes, got {}", bytes.len())))
}

/// Parses `0x`-prefixed hex bytes.
pub fn parse_hex(field: &str, s: &str) -> Result<Bytes> {
    let digits = s
        .strip_prefix("0x")
        .ok_or_else(|| Error::invalid(field, "hex must start with 0x"))?;
    hex::decode(digits).map(Bytes::from).map_err(|e| Error::invalid(field, e))
}

/// Parses a JSON array of `0x` hex strings, e.g. a proof.
pub fn parse_hex_list(field: &str, value: &Value) -> Result<Vec<Bytes>> {
    let items = value.as_array().ok_or_else(|| Error::invalid(field, "expected an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let name = format!("{field}[{i}]");
            let s = item.as_str().ok_or_else(|| Error::invalid(&name, "expected a hex string"))?;
            parse_hex(&name, s)
        })
        .collect()
}

/// The claimed `hash` of an RPC object, if it has one.
pub fn claimed_hash(what: &str, value: &Value) -> Result<Option<B256>> {
    match value.get("hash") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_b256(&format!("{what}.hash"), s).map(Some),
        Some(_) => Err(Error::invalid(format!("{what}.hash"), "expected a hex string")),
    }
}

/// The fields of the RPC object `what`, each read by the deserializer its type has: an object's own
/// derived deserializer (alloy's) matches every field name and keeps a sequence visitor besides,
/// several KB of the first module's code per type, where these are a call per field.
pub struct Fields<'a> {
    pub what: &'a str,
    pub value: &'a Value,
}

impl Fields<'_> {
    /// A field that must be present, whatever its value.
    pub fn present(&self, name: &str) -> Result<&Value> {
        self.value.get(name).ok_or_else(|| Error::invalid(format!("{}.{name}", self.what), "missing"))
    }

    /// `name` by `T`'s deserializer; absent reads as null, which only an `Option` takes.
    #[inline(never)]
    pub fn parse<T: DeserializeOwned>(&self, name: &str) -> Result<T> {
        parse(&format!("{}.{name}", self.what), self.value.get(name).unwrap_or(&Value::Null))
    }

    /// `name` into `out`, in place: a field built by value and moved into its struct is copied byte by
    /// byte at opt-level "z" (an address or a hash has alignment one), several hundred bytes of code
    /// a field.
    #[inline(never)]
    pub fn read<T: DeserializeOwned>(&self, name: &str, out: &mut T) -> Result<()> {
        *out = self.parse(name)?;
        Ok(())
    }

    /// A quantity (`alloy_serde::quantity`: ruint's deserializer, then the width).
    #[inline(never)]
    pub fn u64(&self, name: &str) -> Result<u64> {
        Ok(self.parse::<alloy_primitives::U64>(name)?.to())
    }

    #[inline(never)]
    pub fn u128(&self, name: &str) -> Result<u128> {
        Ok(self.parse::<alloy_primitives::U128>(name)?.to())
    }

    /// An optional quantity (`alloy_serde::quantity::opt`): absent or null is `None`.
    #[inline(never)]
    pub fn opt_u64(&self, name: &str) -> Result<Option<u64>> {
        Ok(self.parse::<Option<alloy_primitives::U64>>(name)?.map(|q| q.to()))
    }

    #[inline(never)]
    pub fn opt_u128(&self, name: &str) -> Result<Option<u128>> {
        Ok(self.parse::<Option<alloy_primitives::U128>>(name)?.map(|q| q.to()))
    }

    /// `name` by `T`'s deserializer where it is present; absent, `T`'s default (serde's `default`).
    pub fn or_default<T: DeserializeOwned + Default>(&self, name: &str) -> Result<T> {
        match self.value.get(name) {
            Some(_) => self.parse(name),
            None => Ok(T::default()),
        }
    }

    /// One string or a list of them (a URL or several).
    pub fn one_or_many(&self, name: &str) -> Result<Vec<String>> {
        match self.value.get(name) {
            Some(Value::String(one)) => Ok(vec![one.clone()]),
            _ => self.parse(name),
        }
    }

    /// The fields not among `known`, which an object that refuses unknown fields names.
    pub fn unknown(&self, known: &[&str]) -> Result<()> {
        match self.value.as_object().and_then(|fields| fields.keys().find(|k| !known.contains(&k.as_str()))) {
            Some(other) => Err(Error::invalid(self.what, format!("unknown field `{other}`"))),
            None => Ok(()),
        }
    }

    /// An optional object read by `read` (given its name for errors): absent or null is `None`.
    pub fn nested<T>(&self, name: &str, read: impl FnOnce(&str, &Value) -> Result<T>) -> Result<Option<T>> {
        match self.value.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => read(&format!("{}.{name}", self.what), value).map(Some),
        }
    }

    /// A list of objects, each read by `item`.
    pub fn list<T>(&self, name: &str, item: impl Fn(&Fields) -> Result<T>) -> Result<Vec<T>> {
        let what = format!("{}.{name}", self.what);
        let items = self.value.get(name).and_then(Value::as_array).ok_or_else(|| Error::invalid(&what, "expected an array"))?;
        items.iter().enumerate().map(|(i, value)| item(&Fields { what: &format!("{what}[{i}]"), value })).collect()
    }
}
