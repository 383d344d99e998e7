//! An `eth_getProof` answer read field by field, with the deserializer alloy's derive uses for
//! each field: alloy's derived deserializers for the answer and its storage proofs were 6 KB of the
//! first module's code (`node scripts/size-profile.mjs`). Every field is then held to the state root.

use crate::error::Result;
use crate::json::Fields;
use alloy_rpc_types_eth::{EIP1186AccountProofResponse, EIP1186StorageProof};
use serde_json::Value;

/// Decodes `value`: `address`, `balance`, `codeHash`, `nonce`, `storageHash`, `accountProof` and
/// `storageProof` (each `key`, `value`, `proof`); other fields are ignored, as alloy ignores them.
pub fn account_proof_from_json(what: &str, value: &Value) -> Result<EIP1186AccountProofResponse> {
    let f = Fields { what, value };
    Ok(EIP1186AccountProofResponse {
        address: f.parse("address")?,
        balance: f.parse("balance")?,
        code_hash: f.parse("codeHash")?,
        nonce: f.u64("nonce")?,
        storage_hash: f.parse("storageHash")?,
        account_proof: f.parse("accountProof")?,
        storage_proof: f.list("storageProof", |s| Ok(EIP1186StorageProof { key: s.parse("key")?, value: s.parse("value")?, proof: s.parse("proof")? }))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, B256, Bytes, U256};
    use serde_json::json;

    fn answer() -> Value {
        let proof = EIP1186AccountProofResponse {
            address: Address::repeat_byte(1),
            balance: U256::from(10).pow(U256::from(30)),
            code_hash: B256::repeat_byte(2),
            nonce: 7,
            storage_hash: B256::repeat_byte(3),
            account_proof: vec![Bytes::from_static(&[0xc0]), Bytes::from_static(&[1, 2])],
            storage_proof: vec![EIP1186StorageProof { key: B256::repeat_byte(4).into(), value: U256::from(5), proof: vec![Bytes::from_static(&[6])] }],
        };
        serde_json::to_value(proof).unwrap()
    }

    #[test]
    fn an_answer_reads_as_alloys_deserializer_reads_it() {
        let mut shapes = vec![answer()];
        let mut short_key = answer();
        short_key["storageProof"][0]["key"] = json!("0x4");
        shapes.push(short_key);
        let mut none = answer();
        none["storageProof"] = json!([]);
        none["extra"] = json!(1);
        shapes.push(none);
        for value in shapes {
            assert_eq!(account_proof_from_json("p", &value).unwrap(), serde_json::from_value::<EIP1186AccountProofResponse>(value.clone()).unwrap(), "{value}");
        }
    }

    #[test]
    fn what_alloy_refuses_is_refused() {
        let edits: [(&str, Value); 8] = [
            ("address", json!("0x01")),
            ("balance", json!(null)),
            ("nonce", json!("0x10000000000000000")),
            ("codeHash", json!(7)),
            ("accountProof", json!(["0xzz"])),
            ("accountProof", json!(null)),
            ("storageProof", json!([{ "key": "0x1", "proof": [] }])),
            ("storageProof", json!({})),
        ];
        for (field, bad) in edits {
            let mut value = answer();
            value[field] = bad.clone();
            assert!(serde_json::from_value::<EIP1186AccountProofResponse>(value.clone()).is_err(), "alloy takes {field}: {bad}");
            assert!(account_proof_from_json("p", &value).is_err(), "{field}: {bad} was taken");
        }
    }
}
