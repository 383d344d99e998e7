//! Headers of every shape (15 to 21+ fields): decoding from RPC JSON and RLP, hashing, shape rules.

use crate::error::{Error, Result};
use crate::json;
use alloy_consensus::Header;
use alloy_primitives::B256;
use alloy_rlp::Decodable;
use serde_json::{Map, Value};

/// A header together with the hash the server claimed for it (if any) and the hash of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedHeader {
    /// The header fields as received.
    pub header: Header,
    /// `keccak256(rlp(header))`.
    pub hash: B256,
}

/// ethereum/tests name some header fields differently from the JSON-RPC API; both are accepted.
const TEST_FIELD_NAMES: [(&str, &str); 5] = [
    ("uncleHash", "sha3Uncles"),
    ("coinbase", "miner"),
    ("transactionsTrie", "transactionsRoot"),
    ("receiptTrie", "receiptsRoot"),
    ("bloom", "logsBloom"),
];

/// The error for a header metis-header's speed-built decoder refused: decoded again for the path of
/// the field at fault where the build tracks paths ([`json::parse`]).
#[cfg(feature = "full")]
fn refused(what: &str, fields: &Value, _: serde_json::Error) -> Result<Header> {
    json::parse(what, fields)
}

/// The error for a header metis-header's speed-built decoder refused: serde's reason, which is all
/// [`json::parse`] gives in this build (decoding again instantiated the header's deserializer a
/// second time, at the node crate's opt-level: 23 KB of code).
#[cfg(not(feature = "full"))]
fn refused(what: &str, _: &Value, e: serde_json::Error) -> Result<Header> {
    Err(Error::invalid(what, e))
}

/// Decodes a header from an `eth_getBlockBy*` object (or ethereum/tests `blockHeader`), checking a
/// claimed `hash` against the hash of the fields.
pub fn header_from_json(what: &str, value: &Value) -> Result<ReceivedHeader> {
    let obj = value.as_object().ok_or_else(|| Error::invalid(what, "expected a header object"))?;
    let renamed;
    let fields = if TEST_FIELD_NAMES.iter().any(|(test, _)| obj.contains_key(*test)) {
        renamed = Value::Object(rename_test_fields(obj));
        &renamed
    } else {
        value
    };
    let header: Header = metis_header::from_json(fields).or_else(|e| refused(what, fields, e))?;
    check_shape(&header)?;
    let hash = header.hash_slow();
    if let Some(claimed) = json::claimed_hash(what, value)? {
        if claimed != hash {
            return Err(Error::HeaderHashMismatch { number: header.number, claimed, computed: hash });
        }
    }
    Ok(ReceivedHeader { header, hash })
}

fn rename_test_fields(obj: &Map<String, Value>) -> Map<String, Value> {
    obj.iter()
        .map(|(k, v)| {
            let name = TEST_FIELD_NAMES.iter().find(|(test, _)| test == k).map_or(k.as_str(), |(_, rpc)| rpc);
            (name.to_owned(), v.clone())
        })
        .collect()
}

/// Decodes a header from its RLP; the bytes must hold exactly one header.
pub fn header_from_rlp(what: &str, mut bytes: &[u8]) -> Result<ReceivedHeader> {
    let header = Header::decode(&mut bytes).map_err(|e| Error::invalid(what, e))?;
    if !bytes.is_empty() {
        return Err(Error::invalid(what, format!("{} trailing bytes after the header", bytes.len())));
    }
    check_shape(&header)?;
    let hash = header.hash_slow();
    Ok(ReceivedHeader { header, hash })
}

/// A 32-byte hash given as a JSON string.
pub fn parse_hash(what: &str, value: &Value) -> Result<B256> {
    json::parse_b256(what, value.as_str().ok_or_else(|| Error::invalid(what, "expected a hex string"))?)
}

/// The optional trailing fields in order: each fork appends, so a later one implies every earlier one.
fn optional_fields(h: &Header) -> [(&'static str, bool); 8] {
    [
        ("baseFeePerGas", h.base_fee_per_gas.is_some()),
        ("withdrawalsRoot", h.withdrawals_root.is_some()),
        ("blobGasUsed", h.blob_gas_used.is_some()),
        ("excessBlobGas", h.excess_blob_gas.is_some()),
        ("parentBeaconBlockRoot", h.parent_beacon_block_root.is_some()),
        ("requestsHash", h.requests_hash.is_some()),
        ("blockAccessListHash", h.block_access_list_hash.is_some()),
        ("slotNumber", h.slot_number.is_some()),
    ]
}

/// How many RLP fields the header has: 15 (Frontier..Berlin, l2geth), 16 (London), 17 (Shanghai),
/// 20 (Cancun), 21 (Prague).
pub fn field_count(h: &Header) -> usize {
    15 + optional_fields(h).iter().filter(|(_, present)| *present).count()
}

/// A header's optional fields must form a prefix: RLP has no way to skip one, so a gap is malformed.
pub fn check_shape(h: &Header) -> Result<()> {
    let fields = optional_fields(h);
    if let Some(gap) = fields.windows(2).find(|w| !w[0].1 && w[1].1) {
        return Err(Error::HeaderShape {
            number: h.number,
            reason: format!("`{}` is present without `{}`", gap[1].0, gap[0].0),
        });
    }
    Ok(())
}

/// Checks the header has exactly the field count its fork prescribes.
pub fn check_field_count(h: &Header, expected: usize) -> Result<()> {
    let got = field_count(h);
    if got != expected {
        return Err(Error::HeaderShape {
            number: h.number,
            reason: format!("has {got} fields but its fork prescribes {expected}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_rlp::Encodable;

    #[test]
    fn a_header_with_a_gap_in_its_optional_fields_is_malformed() {
        let header = Header { base_fee_per_gas: None, withdrawals_root: Some(B256::ZERO), ..Default::default() };
        assert!(matches!(check_shape(&header), Err(Error::HeaderShape { .. })));
    }

    #[test]
    fn trailing_bytes_after_a_header_are_refused() {
        let mut rlp = Vec::new();
        Header::default().encode(&mut rlp);
        assert!(header_from_rlp("h", &rlp).is_ok());
        rlp.push(0);
        assert!(matches!(header_from_rlp("h", &rlp), Err(Error::InvalidInput { .. })));
    }

    #[test]
    fn a_header_from_json_is_checked_and_a_bad_field_is_named() {
        let header = Header { base_fee_per_gas: Some(7), ..Default::default() };
        let mut json = serde_json::to_value(&header).unwrap();
        json["hash"] = serde_json::json!(header.hash_slow());
        assert_eq!(header_from_json("h", &json).unwrap().header, header);

        json["hash"] = serde_json::json!(B256::repeat_byte(1));
        assert!(matches!(header_from_json("h", &json), Err(Error::HeaderHashMismatch { .. })));

        // The speed-built decoder refuses it; the error is this crate's, naming the field.
        json["gasUsed"] = serde_json::json!("0xzz");
        assert!(metis_header::from_json(&json).is_err());
        let Err(Error::InvalidInput { field, .. }) = header_from_json("h", &json) else { panic!("a bad gasUsed must be refused") };
        assert_eq!(field, if cfg!(feature = "full") { "h.gasUsed" } else { "h" });
    }

    #[test]
    fn field_count_follows_the_optional_fields() {
        let london = Header { base_fee_per_gas: Some(7), ..Default::default() };
        assert_eq!(field_count(&london), 16);
        assert_eq!(check_field_count(&london, 15).map_err(|e| e.code()), Err("HEADER_SHAPE"));
    }
}
