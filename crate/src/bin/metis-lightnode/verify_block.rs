//! `verify-block`: one line per block (header linked to the checkpoint, transactions and receipts
//! proven through the header's roots; with `--execute`, the block re-executed on a proven witness);
//! fails if any block fails.

use metis_lightnode::node::LightNode;
use metis_lightnode::rpc::http::HttpTransport;

/// Verifies each block of the range; returns how many failed.
pub async fn verify_blocks(node: &LightNode<HttpTransport>, from: u64, to: u64, execute: bool) -> u64 {
    let mut failed = 0;
    for number in from..=to {
        let result = async {
            let header = node.header_at(number).await?;
            let body = node.prove_body(&header, true).await?;
            let executed = match execute {
                true => Some(node.verify_block_execution(number).await?),
                false => None,
            };
            let sequencer = match node.spec().trust {
                metis_lightnode::chain::TrustModel::Sequencer { .. } => Some(node.verify_sequencer(number).await?),
                metis_lightnode::chain::TrustModel::Checkpoint => None,
            };
            Ok::<_, metis_lightnode::Error>((header, body, executed, sequencer))
        }
        .await;
        match result {
            Ok((header, body, executed, sequencer)) => println!(
                "block {number} {} ok: linked to checkpoint {}, {} transactions (transactionsRoot), {} receipts (receiptsRoot){}{}{}",
                header.hash,
                node.checkpoint().number,
                body.txs.len(),
                body.receipts.map_or(0, |r| r.len()),
                body.withdrawals.map(|w| format!(", {} withdrawals (withdrawalsRoot)", w.len())).unwrap_or_default(),
                executed
                    .map(|r| format!(
                        "; re-executed: gas {}, stateRoot {} and receipts match (witness: {} accounts, {} slots, {} proof batches)",
                        r.gas_used, r.state_root, r.accounts_proven, r.slots_proven, r.witness_rounds
                    ))
                    .unwrap_or_default(),
                sequencer.map(|s| format!("; sequencer: {}", sequencer_line(&s.verdict))).unwrap_or_default(),
            ),
            Err(e) => {
                failed += 1;
                println!("block {number} FAILED [{}]: {e}", e.code());
            }
        }
    }
    failed
}

/// The sequencer verdict for a person.
fn sequencer_line(verdict: &metis_lightnode::metis::sequencer::Verdict) -> String {
    use metis_lightnode::metis::sequencer::Verdict;
    match verdict {
        Verdict::Signed { signer, epoch } => format!("signed by {signer}, the signer of epoch {epoch} (proven from MetisSequencerSet storage)"),
        Verdict::Recommit { signer } => format!("recommitEpoch signed by the new signer {signer}"),
        Verdict::Enqueue => "L1-to-L2 transaction, no sequencer signature".into(),
        Verdict::NotChecked => "before the signer-check height, linked by hash only".into(),
    }
}
