//! `verifySequencer`: who signed an Andromeda block, proven. The block is verified by hash against
//! the checkpoint chain and its transaction against `transactionsRoot`; the sequencer signature over
//! that transaction's hash is recovered, and the signer must be one of the last 15 epochs' signers
//! of `MetisSequencerSet`, read by storage proof at the parent block (or, for `recommitEpoch`, the
//! new signer the call names).

use super::LightNode;
use crate::chain::TrustModel;
use crate::error::{Error, Result};
use crate::metis::sequencer::{self, Verdict};
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::{self, ReceivedHeader};
use alloy_consensus::Transaction;
use alloy_primitives::{Address, B256, U256};
use serde::Serialize;
use serde_json::{Value, json};

/// What the sequencer check found for one block.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SequencerReport {
    /// Block number.
    pub number: u64,
    /// Block hash, linked to the checkpoint.
    pub hash: B256,
    /// The verdict, with the signer and epoch.
    #[serde(flatten)]
    pub verdict: Verdict,
}

impl<T: Transport, S: Store> LightNode<T, S> {
    /// Checks the sequencer signature of block `number` against the signers the chain's state allows.
    pub async fn verify_sequencer(&self, number: u64) -> Result<SequencerReport> {
        let header = self.header_at(number).await?;
        // The parent (where the epochs are read) only where a signature is checked: blocks before
        // the sequencer set, genesis among them, are not.
        let checked = matches!(self.spec.trust, TrustModel::Sequencer { from_block: Some(from), .. } if number >= from);
        let parent = if checked { self.header_at(number.saturating_sub(1)).await? } else { header.clone() };
        self.check_sequencer(&header, &parent).await
    }

    /// The sequencer check of `header`, whose epochs are read at `parent` (both verified, or being
    /// linked by a sync that runs this check before it extends the chain).
    pub(super) async fn check_sequencer(&self, header: &ReceivedHeader, parent: &ReceivedHeader) -> Result<SequencerReport> {
        let TrustModel::Sequencer { from_block, sequencer_set } = self.spec.trust else {
            return Err(Error::NotVerifiable(format!("{} has no sequencer signatures", self.spec.name)));
        };
        let number = header.header.number;
        let report = |verdict| Ok(SequencerReport { number, hash: header.hash, verdict });
        if from_block.is_none_or(|from| number < from) {
            return report(Verdict::NotChecked);
        }
        let refuse = |reason: String| Err(Error::Sequencer { number, reason });
        let block = self.rpc.call("eth_getBlockByNumber", json!([format!("{number:#x}"), true])).await?;
        let verified = verify::verify_block_json(&format!("block {number}"), &block)?;
        if verified.header.hash != header.hash {
            return Err(Error::ClaimMismatch { field: "block hash".into(), claimed: verified.header.hash.to_string(), proven: header.hash.to_string() });
        }
        let txs = verified.transactions.unwrap_or_default();
        let (Some(tx), Some(tx_json), 1) = (txs.first(), block.get("transactions").and_then(|t| t.get(0)), txs.len()) else {
            return refuse(format!("{} transactions where l2geth blocks hold one", txs.len()));
        };
        let signature = sequencer::signature(&format!("block {number}.transactions[0]"), tx_json)?;
        let claims_l1 = tx_json.get("queueOrigin").and_then(Value::as_str) == Some("l1");
        let Some(signature) = signature else {
            // Metadata is not committed by the root: an L1 origin is believed only of a transaction
            // that carries no user signature in its committed encoding, as enqueued ones do not.
            return match claims_l1 && tx.signature().r().is_zero() {
                true => report(Verdict::Enqueue),
                false => refuse("no sequencer signature on a transaction that is not from L1".into()),
            };
        };
        if claims_l1 {
            return refuse("a transaction claimed from L1 carries a sequencer signature".into());
        }
        let signer = sequencer::recover(number, *tx.tx_hash(), &signature)?;
        if let Some(named) = sequencer::recommit_signer(tx.input()).filter(|_| tx.to() == Some(sequencer_set)) {
            if named != signer {
                return refuse(format!("recommitEpoch names {named} but is signed by {signer}"));
            }
            // l2geth's own check stops at the named signer; anyone can sign a call naming
            // themselves, so the call must also come from the MPC address and have succeeded.
            let sender = alloy_consensus::transaction::SignerRecoverable::recover_signer(tx).map_err(|e| Error::Sequencer { number, reason: format!("recommitEpoch sender: {e}") })?;
            let mpc_slot = B256::from(U256::from(sequencer::MPC_ADDRESS_SLOT));
            let mpc = self.prove_account(parent, sequencer_set, &[mpc_slot], false).await?;
            let mpc = Address::from_word(B256::from(mpc.account.storage.first().map_or(U256::ZERO, |s| s.value)));
            if sender != mpc {
                return refuse(format!("recommitEpoch sent by {sender}, not by the MPC address {mpc}"));
            }
            // The block's one receipt, proven against receiptsRoot (l2geth serves no eth_getBlockReceipts).
            let answer = self.rpc.call("eth_getTransactionReceipt", json!([tx.tx_hash()])).await?;
            let receipts = verify::roots::receipts_from_json(&format!("block {number} receipt"), &[answer])?;
            let root = verify::roots::receipts_root(&receipts);
            verify::roots::check_root(crate::error::RootKind::Receipts, header.header.receipts_root, root)?;
            return match receipts.first().map(alloy_consensus::TxReceipt::status) {
                Some(true) => report(Verdict::Recommit { signer }),
                _ => refuse("recommitEpoch reverted: no new epoch was committed".into()),
            };
        }
        let epoch = self.signer_epoch(number, parent, sequencer_set, signer).await?;
        match epoch {
            Some(epoch) => report(Verdict::Signed { signer, epoch }),
            None => refuse(format!("signer {signer} is not the signer of any of the last {} epochs", sequencer::EPOCHS_ACCEPTED)),
        }
    }

    /// The epoch (of the last 15 at the parent of `number`) whose signer is `signer`, by storage proof.
    async fn signer_epoch(&self, number: u64, parent: &ReceivedHeader, set: Address, signer: Address) -> Result<Option<u64>> {
        let current_slot = B256::from(U256::from(sequencer::CURRENT_EPOCH_SLOT));
        let proven = self.prove_account(parent, set, &[current_slot], false).await?;
        let current = proven.account.storage.first().map_or(U256::ZERO, |s| s.value);
        let current = u64::try_from(current).map_err(|_| Error::Sequencer { number, reason: format!("current epoch {current} out of range") })?;
        let epochs = sequencer::accepted_epochs(current);
        let slots: Vec<B256> = epochs.iter().map(|e| sequencer::signer_slot(*e)).collect();
        let proven = self.prove_account(parent, set, &slots, false).await?;
        Ok(epochs
            .iter()
            .zip(&proven.account.storage)
            .find(|(_, slot)| Address::from_word(B256::from(slot.value)) == signer)
            .map(|(epoch, _)| *epoch))
    }
}
