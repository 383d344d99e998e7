//! `verify-block`: one line per block (header linked to the checkpoint, transactions and receipts
//! proven through the header's roots; with `--execute`, the block re-executed on a proven witness);
//! fails if any block fails.

use metis_lightnode::node::LightNode;
use metis_lightnode::rpc::http::HttpTransport;

/// `N` or `FROM..TO` (inclusive).
pub fn parse_range(text: &str) -> Result<(u64, u64), String> {
    let parse = |s: &str| s.trim().parse::<u64>().map_err(|e| format!("block {s}: {e}"));
    match text.split_once("..") {
        Some((from, to)) => Ok((parse(from)?, parse(to.trim_start_matches('='))?)),
        None => parse(text).map(|n| (n, n)),
    }
}

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
            Ok::<_, metis_lightnode::Error>((header, body, executed))
        }
        .await;
        match result {
            Ok((header, body, executed)) => println!(
                "block {number} {} ok: linked to checkpoint {}, {} transactions (transactionsRoot), {} receipts (receiptsRoot){}{}",
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
            ),
            Err(e) => {
                failed += 1;
                println!("block {number} FAILED [{}]: {e}", e.code());
            }
        }
    }
    failed
}
