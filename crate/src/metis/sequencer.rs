//! Andromeda's block signer check, as l2geth does it (`core/seq_set.go`): a block's transaction
//! carries a sequencer signature (`seqR, seqS, seqV`: raw secp256k1 over the 32-byte transaction
//! hash, no prefix) that must recover to the signer of one of the last 15 epochs of the
//! `MetisSequencerSet` contract (read from its storage at the parent block); a `recommitEpoch` block
//! is signed by the new signer it names (l2geth checks no more; this node also requires the MPC
//! address as its sender and a successful call); L1-to-L2 (enqueue) transactions carry no signature.

use crate::error::{Error, Result};
use alloy_primitives::{Address, B256, Signature, U256, keccak256};
use serde::Serialize;
use serde_json::Value;

/// Storage slot of `mpcAddress`, the only sender `commitEpoch` and `recommitEpoch` accept
/// (OpenZeppelin v4 `OwnableUpgradeable` fills slots 0..=100; checked against the deployed bytecode).
pub const MPC_ADDRESS_SLOT: u64 = 102;
/// Storage slot of `currentEpochId`.
pub const CURRENT_EPOCH_SLOT: u64 = 104;
/// Storage slot of the `epochs` mapping (`Epoch{number, signer, startBlock, endBlock}`).
pub const EPOCHS_SLOT: u64 = 103;
/// How many epochs back (the current included) a signer is accepted from.
pub const EPOCHS_ACCEPTED: u64 = 15;
/// `recommitEpoch(uint256,uint256,uint256,uint256,address)`.
pub const RECOMMIT_SELECTOR: [u8; 4] = [0x2c, 0x91, 0xc6, 0x79];

/// Slot of `epochs[epoch].signer`.
pub fn signer_slot(epoch: u64) -> B256 {
    let base = keccak256([U256::from(epoch).to_be_bytes::<32>(), U256::from(EPOCHS_SLOT).to_be_bytes::<32>()].concat());
    B256::from(U256::from_be_bytes(base.0).wrapping_add(U256::from(1)))
}

/// The epochs whose signers are accepted when `current` is the current epoch, newest first.
pub fn accepted_epochs(current: u64) -> Vec<u64> {
    (current.saturating_sub(EPOCHS_ACCEPTED - 1)..=current).rev().collect()
}

/// The new signer a `recommitEpoch` call names (its fifth argument), if `input` is one.
pub fn recommit_signer(input: &[u8]) -> Option<Address> {
    if input.get(..4)? != RECOMMIT_SELECTOR {
        return None;
    }
    input.get(4 + 4 * 32 + 12..4 + 5 * 32).map(Address::from_slice)
}

/// The sequencer signature of an l2geth transaction object, `None` when it carries none.
pub fn signature(what: &str, tx: &Value) -> Result<Option<Signature>> {
    let field = |name: &str| -> Result<Option<U256>> {
        match tx.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => crate::json::parse::<U256>(&format!("{what}.{name}"), v).map(Some),
        }
    };
    let (Some(r), Some(s), Some(v)) = (field("seqR")?, field("seqS")?, field("seqV")?) else { return Ok(None) };
    if r.is_zero() && s.is_zero() {
        return Ok(None);
    }
    // l2geth's metadata is covered by no hash: a seqV of any size arrives here, so no narrowing cast.
    let parity = match u64::try_from(v) {
        Ok(0 | 27) => false,
        Ok(1 | 28) => true,
        _ => return Err(Error::invalid(format!("{what}.seqV"), format!("{v} is not a recovery id"))),
    };
    Ok(Some(Signature::new(r, s, parity)))
}

/// Recovers the signer of `hash` (no prefix).
pub fn recover(number: u64, hash: B256, signature: &Signature) -> Result<Address> {
    signature.recover_address_from_prehash(&hash).map_err(|e| Error::Sequencer { number, reason: format!("signature does not recover: {e}") })
}

/// What the check found for one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "verdict", rename_all_fields = "camelCase")]
pub enum Verdict {
    /// Signed by the signer of this epoch, proven from the sequencer set's storage.
    Signed {
        /// The recovered signer.
        signer: Address,
        /// The epoch whose signer it is.
        epoch: u64,
    },
    /// A `recommitEpoch` block, signed by the new signer it names.
    Recommit {
        /// The recovered (and named) signer.
        signer: Address,
    },
    /// An L1-to-L2 (enqueue) transaction: ordered by L1, no sequencer signature.
    Enqueue,
    /// Before the chain's signer-check height: only linked by hash.
    NotChecked,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::hex;

    #[test]
    fn the_last_fifteen_epochs_are_accepted() {
        assert_eq!(accepted_epochs(3), vec![3, 2, 1, 0]);
        assert_eq!(accepted_epochs(20).len(), 15);
        assert_eq!(accepted_epochs(20).last(), Some(&6));
    }

    #[test]
    fn a_recommit_names_its_signer_in_the_fifth_word() {
        let mut input = RECOMMIT_SELECTOR.to_vec();
        for word in [1u8, 2, 3, 4] {
            input.extend_from_slice(&[0; 31]);
            input.push(word);
        }
        input.extend_from_slice(&[0; 12]);
        input.extend_from_slice(&hex!("00000000000000000000000000000000000000aa"));
        assert_eq!(recommit_signer(&input), Some(Address::with_last_byte(0xaa)));
        assert_eq!(recommit_signer(&input[..100]), None);
        assert_eq!(recommit_signer(&[0; 200]), None);
    }

    #[test]
    fn signatures_parse_from_hex_quantities_and_refuse_bad_recovery_ids() {
        let tx = serde_json::json!({"seqR": "0x1", "seqS": "0x2", "seqV": "0x1"});
        assert!(signature("tx", &tx).unwrap().is_some());
        assert!(signature("tx", &serde_json::json!({"seqR": "0x0", "seqS": "0x0", "seqV": "0x0"})).unwrap().is_none());
        assert!(signature("tx", &serde_json::json!({})).unwrap().is_none());
        assert!(signature("tx", &serde_json::json!({"seqR": "0x1", "seqS": "0x2", "seqV": "0x5"})).is_err());
        assert!(signature("tx", &serde_json::json!({"seqR": "0x1", "seqS": "0x2", "seqV": "0x10000000000000000"})).is_err());
        assert!(signature("tx", &serde_json::json!({"seqR": "0x1", "seqS": "0x2", "seqV": format!("{:#x}", alloy_primitives::U256::MAX)})).is_err());
    }
}
