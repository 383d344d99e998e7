//! The beacon API's JSON read field by field, with the rules of the encodings it uses (quoted
//! integers, `0x` hex bytes, fixed-length lists). serde's derives for these containers, each with
//! a map and a sequence visitor and the serde helpers of `ssz_types` and `ethereum_serde_utils`,
//! were 47 KB of the first module's code, 17 KB gzipped (`node scripts/size-profile.mjs`).

use super::error::BeaconError;
use super::network::Preset;
use super::types::{BeaconBlockHeader, ExecutionPayloadHeader, SyncAggregate, SyncCommittee};
use alloy_primitives::{B256, FixedBytes, U256};
use serde_json::{Map, Value};
use ssz::Decode;
use ssz_types::typenum::Unsigned;
use ssz_types::{BitVector, FixedVector, VariableList};

/// One JSON object of the light-client object `what`, read field by field. Fields it does not name
/// are ignored, as the derived deserializers ignored them.
pub(super) struct Fields<'a> {
    what: &'a str,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    pub(super) fn of(what: &'a str, value: &'a Value) -> Result<Self, BeaconError> {
        let map = value.as_object().ok_or_else(|| BeaconError::Decode(format!("{what} (JSON): expected an object")))?;
        Ok(Self { what, map })
    }

    #[inline(never)]
    fn error(&self, name: &str, reason: impl std::fmt::Display) -> BeaconError {
        BeaconError::Decode(format!("{} (JSON): `{name}`: {reason}", self.what))
    }

    /// A field that must be present (null is a value, and wrong for every field read here).
    #[inline(never)]
    fn get(&self, name: &str) -> Result<&'a Value, BeaconError> {
        self.map.get(name).ok_or_else(|| BeaconError::Decode(format!("{} (JSON): no `{name}`", self.what)))
    }

    /// A field a fork may lack: absent or null.
    pub(super) fn optional(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    #[inline(never)]
    pub(super) fn object(&self, name: &str) -> Result<Fields<'a>, BeaconError> {
        Fields::of(self.what, self.get(name)?).map_err(|_| self.error(name, "expected an object"))
    }

    fn str(&self, name: &str, value: &'a Value) -> Result<&'a str, BeaconError> {
        value.as_str().ok_or_else(|| self.error(name, "expected a string"))
    }

    /// `0x` hex bytes (ethereum_serde_utils' rule: the prefix is required).
    #[inline(never)]
    fn hex(&self, name: &str, value: &Value) -> Result<Vec<u8>, BeaconError> {
        let digits = self.str(name, value)?.strip_prefix("0x").ok_or_else(|| self.error(name, "hex must have 0x prefix"))?;
        alloy_primitives::hex::decode(digits).map_err(|e| self.error(name, e))
    }

    /// Exactly `N` bytes in hex (alloy's rule: the `0x` prefix is optional).
    #[inline(never)]
    fn fixed<const N: usize>(&self, name: &str, value: &Value) -> Result<FixedBytes<N>, BeaconError> {
        self.str(name, value)?.parse().map_err(|e| self.error(name, e))
    }

    #[inline(never)]
    pub(super) fn read<const N: usize>(&self, name: &str, out: &mut FixedBytes<N>) -> Result<(), BeaconError> {
        *out = self.fixed(name, self.get(name)?)?;
        Ok(())
    }

    /// A decimal integer, quoted or not (`quoted_u64`).
    #[inline(never)]
    pub(super) fn u64(&self, name: &str) -> Result<u64, BeaconError> {
        match self.get(name)? {
            Value::String(s) => s.parse().map_err(|e| self.error(name, e)),
            value => value.as_u64().ok_or_else(|| self.error(name, "expected a u64, quoted or not")),
        }
    }

    /// A quoted decimal integer (`quoted_u256`).
    #[inline(never)]
    fn u256(&self, name: &str) -> Result<U256, BeaconError> {
        U256::from_str_radix(self.str(name, self.get(name)?)?, 10).map_err(|e| self.error(name, e))
    }

    /// A list of 32-byte nodes, of any length: the caller holds it to the fork's depth.
    pub(super) fn nodes(&self, name: &str, value: &Value) -> Result<Vec<B256>, BeaconError> {
        let items = value.as_array().ok_or_else(|| self.error(name, "expected a list"))?;
        items.iter().map(|item| self.fixed(name, item)).collect()
    }
}

// Read into place: a `FixedBytes` returned by value is copied byte by byte at opt-level "z" (its
// alignment is one), which made each field about 600 bytes of code.
pub(super) fn beacon_header(f: &Fields) -> Result<BeaconBlockHeader, BeaconError> {
    let mut h = BeaconBlockHeader { slot: f.u64("slot")?, proposer_index: f.u64("proposer_index")?, ..Default::default() };
    f.read("parent_root", &mut h.parent_root)?;
    f.read("state_root", &mut h.state_root)?;
    f.read("body_root", &mut h.body_root)?;
    Ok(h)
}

/// Deneb's execution payload header; Capella's lacks the blob fields, which are zero when absent.
pub(super) fn execution(f: &Fields) -> Result<ExecutionPayloadHeader, BeaconError> {
    let blob = |name: &str| f.optional(name).map_or(Ok(0), |_| f.u64(name));
    let mut p = ExecutionPayloadHeader {
        logs_bloom: FixedVector::new(f.hex("logs_bloom", f.get("logs_bloom")?)?).map_err(|_| f.error("logs_bloom", "expected 256 bytes"))?,
        block_number: f.u64("block_number")?,
        gas_limit: f.u64("gas_limit")?,
        gas_used: f.u64("gas_used")?,
        timestamp: f.u64("timestamp")?,
        extra_data: VariableList::new(f.hex("extra_data", f.get("extra_data")?)?).map_err(|_| f.error("extra_data", "more than 32 bytes"))?,
        base_fee_per_gas: f.u256("base_fee_per_gas")?,
        blob_gas_used: blob("blob_gas_used")?,
        excess_blob_gas: blob("excess_blob_gas")?,
        ..Default::default()
    };
    f.read("parent_hash", &mut p.parent_hash)?;
    f.read("fee_recipient", &mut p.fee_recipient.0)?;
    f.read("state_root", &mut p.state_root)?;
    f.read("receipts_root", &mut p.receipts_root)?;
    f.read("prev_randao", &mut p.prev_randao)?;
    f.read("block_hash", &mut p.block_hash)?;
    f.read("transactions_root", &mut p.transactions_root)?;
    f.read("withdrawals_root", &mut p.withdrawals_root)?;
    Ok(p)
}

/// A committee: exactly the preset's number of keys, and their aggregate.
pub(super) fn sync_committee<P: Preset>(f: &Fields) -> Result<SyncCommittee<P>, BeaconError> {
    let keys = f.get("pubkeys")?.as_array().ok_or_else(|| f.error("pubkeys", "expected a list"))?;
    // Counted before any is decoded: a server's list of a million keys costs nothing.
    if keys.len() != P::SyncCommitteeSize::USIZE {
        return Err(f.error("pubkeys", format!("{} keys where the committee has {}", keys.len(), P::SyncCommitteeSize::USIZE)));
    }
    let keys = keys.iter().map(|key| f.fixed::<48>("pubkeys", key)).collect::<Result<Vec<_>, _>>()?;
    let mut committee = SyncCommittee { pubkeys: FixedVector::new(keys).map_err(|_| f.error("pubkeys", "the committee's size"))?, aggregate_pubkey: FixedBytes::ZERO };
    f.read("aggregate_pubkey", &mut committee.aggregate_pubkey)?;
    Ok(committee)
}

/// The signers' bits (hex of their SSZ: no bit past the committee set) and their signature.
pub(super) fn sync_aggregate<P: Preset>(f: &Fields) -> Result<SyncAggregate<P>, BeaconError> {
    let bits = f.hex("sync_committee_bits", f.get("sync_committee_bits")?)?;
    let mut aggregate = SyncAggregate { sync_committee_bits: BitVector::from_ssz_bytes(&bits).map_err(|e| f.error("sync_committee_bits", format!("{e:?}")))?, sync_committee_signature: FixedBytes::ZERO };
    f.read("sync_committee_signature", &mut aggregate.sync_committee_signature)?;
    Ok(aggregate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::beacon::Minimal;
    use alloy_primitives::Address;
    use serde_json::json;

    fn payload() -> ExecutionPayloadHeader {
        ExecutionPayloadHeader {
            parent_hash: B256::repeat_byte(1),
            fee_recipient: Address::repeat_byte(2),
            logs_bloom: FixedVector::new(vec![3; 256]).unwrap(),
            block_number: 17,
            gas_limit: 30_000_000,
            timestamp: 1_700_000_000,
            extra_data: VariableList::new(vec![4, 5]).unwrap(),
            base_fee_per_gas: U256::from(7) << 100,
            blob_gas_used: 131_072,
            excess_blob_gas: 9,
            ..Default::default()
        }
    }

    fn committee() -> SyncCommittee<Minimal> {
        let keys = (0..32u8).map(FixedBytes::<48>::repeat_byte).collect();
        SyncCommittee { pubkeys: FixedVector::new(keys).unwrap(), aggregate_pubkey: FixedBytes::repeat_byte(0xaa) }
    }

    fn aggregate() -> SyncAggregate<Minimal> {
        let mut bits = BitVector::new();
        for i in [0, 5, 31] {
            bits.set(i, true).unwrap();
        }
        SyncAggregate { sync_committee_bits: bits, sync_committee_signature: FixedBytes::repeat_byte(0xbb) }
    }

    #[test]
    fn each_container_reads_back_what_its_serde_form_holds() {
        let header = BeaconBlockHeader { slot: 8192, proposer_index: 12, parent_root: B256::repeat_byte(9), state_root: B256::repeat_byte(8), body_root: B256::repeat_byte(7) };
        let read = |value: &Value| Fields::of("test", value).map(|f| (beacon_header(&f), execution(&f), sync_committee::<Minimal>(&f), sync_aggregate::<Minimal>(&f)));
        let (h, ..) = read(&serde_json::to_value(&header).unwrap()).unwrap();
        assert_eq!(h.unwrap(), header);
        let (_, p, ..) = read(&serde_json::to_value(payload()).unwrap()).unwrap();
        assert_eq!(p.unwrap(), payload());
        let (.., c, _) = read(&serde_json::to_value(committee()).unwrap()).unwrap();
        assert_eq!(c.unwrap(), committee());
        let (.., a) = read(&serde_json::to_value(aggregate()).unwrap()).unwrap();
        assert_eq!(a.unwrap(), aggregate());
    }

    #[test]
    fn the_encodings_rules_hold() {
        let header = |slot: Value| json!({ "slot": slot, "proposer_index": "1", "parent_root": format!("{}", B256::ZERO), "state_root": format!("{}", B256::ZERO), "body_root": format!("{:x}", B256::ZERO) });
        let slot = |value: Value| beacon_header(&Fields::of("test", &header(value)).unwrap()).map(|h| h.slot);
        assert_eq!(slot(json!("8192")).unwrap(), 8192, "quoted");
        assert_eq!(slot(json!(8192)).unwrap(), 8192, "unquoted, as quoted_u64 takes it");
        for bad in [json!("-1"), json!(-1), json!(1.5), json!("0x10"), json!(null), json!("18446744073709551616")] {
            assert!(slot(bad.clone()).is_err(), "{bad}");
        }
        let mut p = serde_json::to_value(payload()).unwrap();
        p["base_fee_per_gas"] = json!(7);
        assert!(execution(&Fields::of("test", &p).unwrap()).is_err(), "quoted_u256 requires quotes");
        let mut p = serde_json::to_value(payload()).unwrap();
        p["extra_data"] = json!("0405");
        assert!(execution(&Fields::of("test", &p).unwrap()).is_err(), "bytes need their 0x");
        p["extra_data"] = json!(format!("0x{}", "00".repeat(33)));
        assert!(execution(&Fields::of("test", &p).unwrap()).is_err(), "at most 32 bytes of extra data");
        let mut p = serde_json::to_value(payload()).unwrap();
        p.as_object_mut().unwrap().remove("blob_gas_used");
        assert_eq!(execution(&Fields::of("test", &p).unwrap()).unwrap().blob_gas_used, 0, "Capella's payload has none");
        p.as_object_mut().unwrap().remove("gas_used");
        assert!(execution(&Fields::of("test", &p).unwrap()).is_err(), "a field every fork has");
    }

    #[test]
    fn a_committee_or_its_bits_of_the_wrong_size_are_refused() {
        let mut c = serde_json::to_value(committee()).unwrap();
        c["pubkeys"].as_array_mut().unwrap().pop();
        assert!(sync_committee::<Minimal>(&Fields::of("test", &c).unwrap()).unwrap_err().to_string().contains("31 keys"));
        c["pubkeys"] = json!(vec!["not even a key"; 100_000]);
        assert!(sync_committee::<Minimal>(&Fields::of("test", &c).unwrap()).unwrap_err().to_string().contains("100000 keys"), "refused by its count");
        let bits = |hex: &str| sync_aggregate::<Minimal>(&Fields::of("test", &json!({ "sync_committee_bits": hex, "sync_committee_signature": format!("0x{}", "bb".repeat(96)) })).unwrap());
        assert_eq!(bits("0xffffffff").unwrap().participants(), 32);
        assert!(bits("0xffffff").is_err(), "24 bits");
        assert!(bits("0xffffffff01").is_err(), "40 bits");
    }
}
