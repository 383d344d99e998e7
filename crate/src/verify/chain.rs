//! Header chains: parent-hash links checked forward and backward from a trusted checkpoint.

use super::header::ReceivedHeader;
use crate::error::{Error, Result};
use alloy_primitives::B256;

/// A trust anchor: a block the user trusts by number and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// Block number.
    #[serde(with = "number_or_quantity")]
    pub number: u64,
    /// Block hash.
    pub hash: B256,
}

impl Checkpoint {
    /// Reads `value`, `{number, hash}` (`number` a JSON number or a `0x` quantity), as its serde form
    /// is read: field by field, where serde's untagged `number` was 3 KB of the first module's code.
    pub fn from_json(what: &str, value: &serde_json::Value) -> crate::error::Result<Self> {
        let bad = |reason: &str| crate::error::Error::invalid(format!("{what}.number"), reason);
        let number = match value.get("number") {
            Some(serde_json::Value::String(s)) => {
                let digits = s.strip_prefix("0x").ok_or_else(|| bad("expected a number or 0x quantity"))?;
                u64::from_str_radix(digits, 16).map_err(|e| bad(&e.to_string()))?
            }
            Some(n) => n.as_u64().ok_or_else(|| bad("expected a number or 0x quantity"))?,
            None => return Err(bad("missing")),
        };
        Ok(Self { number, hash: crate::json::Fields { what, value }.parse("hash")? })
    }
}

/// A block proven to belong to the checkpoint's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct VerifiedHeader {
    /// Block number.
    pub number: u64,
    /// Block hash.
    pub hash: B256,
}

/// Checks that `headers` (in any order) form one unbroken chain that contains the checkpoint, or whose
/// first header is the checkpoint's child. Headers before the checkpoint are proven backward through
/// the parent links; headers after it, forward. Returns them in ascending order.
pub fn verify_header_chain(headers: &[ReceivedHeader], checkpoint: Checkpoint) -> Result<Vec<VerifiedHeader>> {
    let mut sorted: Vec<&ReceivedHeader> = headers.iter().collect();
    sorted.sort_by_key(|h| h.header.number);
    let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
        return Err(not_anchored(checkpoint, "no headers"));
    };

    for pair in sorted.windows(2) {
        let (parent, child) = (pair[0], pair[1]);
        if parent.header.number.checked_add(1) != Some(child.header.number) {
            return Err(Error::NotConsecutive { after: parent.header.number, got: child.header.number });
        }
        if child.header.parent_hash != parent.hash {
            return Err(Error::BrokenLink {
                number: child.header.number,
                parent_hash: child.header.parent_hash,
                expected: parent.hash,
            });
        }
    }

    let anchored = if (first.header.number..=last.header.number).contains(&checkpoint.number) {
        let index = usize::try_from(checkpoint.number - first.header.number)
            .map_err(|_| not_anchored(checkpoint, "range too large"))?;
        let at = sorted.get(index).ok_or_else(|| not_anchored(checkpoint, "range too large"))?;
        if at.hash != checkpoint.hash {
            return Err(not_anchored(checkpoint, &format!("header {} hashes to {}", at.header.number, at.hash)));
        }
        true
    } else {
        checkpoint.number.checked_add(1) == Some(first.header.number) && first.header.parent_hash == checkpoint.hash
    };
    if !anchored {
        return Err(not_anchored(
            checkpoint,
            &format!("headers {}..={} neither contain it nor descend from it", first.header.number, last.header.number),
        ));
    }
    Ok(sorted.iter().map(|h| VerifiedHeader { number: h.header.number, hash: h.hash }).collect())
}

fn not_anchored(checkpoint: Checkpoint, reason: &str) -> Error {
    Error::NotAnchored { number: checkpoint.number, hash: checkpoint.hash, reason: reason.to_owned() }
}

/// Accepts a checkpoint number as a JSON number or a hex quantity string.
mod number_or_quantity {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(*n)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(u64),
            Hex(String),
        }
        match Either::deserialize(d)? {
            Either::Number(n) => Ok(n),
            Either::Hex(s) => {
                let digits = s.strip_prefix("0x").ok_or_else(|| serde::de::Error::custom("expected a number or 0x quantity"))?;
                u64::from_str_radix(digits, 16).map_err(serde::de::Error::custom)
            }
        }
    }
}
