//! Fees from verified blocks: `eth_feeHistory`, `eth_maxPriorityFeePerGas`, `eth_gasPrice` and
//! `eth_blobBaseFee`. Base fees, gas ratios and blob fees come from verified headers; rewards and
//! tips from transactions proven against `transactionsRoot` and gas from receipts proven against
//! `receiptsRoot`. The tip suggestion follows geth's oracle (`eth/gasprice`): the 60th percentile
//! of the three lowest tips of each of the last 20 blocks.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use crate::verify::ReceivedHeader;
use alloy_consensus::{Transaction, TxEnvelope};
use alloy_eips::eip1559::BaseFeeParams;
use alloy_primitives::U256;
use serde_json::{Value, json};

/// Most blocks one `eth_feeHistory` covers (geth's `MaxHeaderHistory`).
const MAX_HISTORY: u64 = 1024;
/// Most blocks whose bodies and receipts one `eth_feeHistory` with reward percentiles fetches
/// (geth allows 1024 from its own disk; here each is a round trip to an untrusted server).
const MAX_REWARD_HISTORY: u64 = 128;
/// geth's oracle: blocks sampled, tips per block, percentile, floor and cap.
const ORACLE_BLOCKS: u64 = 20;
const ORACLE_SAMPLES: usize = 3;
const ORACLE_PERCENTILE: usize = 60;
const ORACLE_IGNORE_BELOW: u128 = 2;
const ORACLE_MAX: u128 = 500_000_000_000;
/// The suggestion when no block sampled holds a transaction (what anvil and a fresh geth answer).
const ORACLE_DEFAULT: u128 = 1_000_000_000;

impl<T: Transport, S: Store> LightNode<T, S> {
    /// `eth_feeHistory(blockCount, newestBlock, rewardPercentiles?)`.
    pub(super) async fn fee_history(&self, params: &[Value]) -> Result<Value> {
        let count = quantity_or_number("blockCount", params.first().unwrap_or(&Value::Null))?;
        let percentiles: Vec<f64> = match params.get(2) {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => json::parse("rewardPercentiles", v)?,
        };
        if percentiles.iter().any(|p| !(0.0..=100.0).contains(p)) || percentiles.windows(2).any(|w| w[0] > w[1]) {
            return Err(Error::invalid("rewardPercentiles", "must be ascending values from 0 to 100"));
        }
        let limit = if percentiles.is_empty() { MAX_HISTORY } else { MAX_REWARD_HISTORY };
        if count == 0 || count > limit {
            return Err(Error::invalid("blockCount", format!("{count} blocks; from 1 to {limit} (with reward percentiles) are served")));
        }
        let newest = self.resolve(params.get(1)).await?;
        let oldest = newest.header.number.saturating_sub(count - 1);
        let mut headers = Vec::new();
        for number in oldest..newest.header.number {
            headers.push(self.header_at(number).await?);
        }
        headers.push(newest);

        let mut base_fees: Vec<u128> = headers.iter().map(|h| u128::from(h.header.base_fee_per_gas.unwrap_or_default())).collect();
        base_fees.push(self.next_base_fee(headers.last().map(|h| &h.header)));
        let ratios: Vec<f64> = headers.iter().map(|h| ratio(h.header.gas_used, h.header.gas_limit)).collect();
        let mut answer = json!({
            "oldestBlock": format!("{oldest:#x}"),
            "baseFeePerGas": hex_list(&base_fees),
            "gasUsedRatio": ratios,
        });
        let blob = |h: &ReceivedHeader| self.spec.evm_fork_at(&h.header).blob_params().filter(|_| h.header.excess_blob_gas.is_some());
        if let Some(last) = headers.last().filter(|h| blob(h).is_some()) {
            let mut fees: Vec<u128> = headers.iter().map(|h| blob(h).and_then(|p| h.header.blob_fee(p)).unwrap_or_default()).collect();
            fees.push(blob(last).and_then(|p| last.header.next_block_blob_fee(p)).unwrap_or_default());
            let used: Vec<f64> = headers
                .iter()
                .map(|h| blob(h).map_or(0.0, |p| ratio(h.header.blob_gas_used.unwrap_or_default(), p.max_blob_gas_per_block())))
                .collect();
            answer["baseFeePerBlobGas"] = hex_list(&fees);
            answer["blobGasUsedRatio"] = json!(used);
        }
        if !percentiles.is_empty() {
            let mut rewards = Vec::with_capacity(headers.len());
            for header in &headers {
                rewards.push(hex_list(&self.block_rewards(header, &percentiles).await?));
            }
            answer["reward"] = Value::Array(rewards);
        }
        Ok(answer)
    }

    /// geth's `processBlock` rewards: transactions sorted by tip, each weighted by the gas it used
    /// (from the proven receipts); the tip at which the running gas reaches each percentile.
    async fn block_rewards(&self, header: &ReceivedHeader, percentiles: &[f64]) -> Result<Vec<u128>> {
        if header.header.gas_used == 0 {
            return Ok(vec![0; percentiles.len()]);
        }
        let body = self.prove_body(header, true).await?;
        let receipts = body.receipts.unwrap_or_default();
        let base_fee = header.header.base_fee_per_gas;
        let mut previous = 0u64;
        let mut sorted: Vec<(u128, u64)> = body
            .txs
            .iter()
            .zip(&receipts)
            .map(|(tx, receipt)| {
                let used = receipt.cumulative_gas_used().saturating_sub(previous);
                previous = receipt.cumulative_gas_used();
                (tip(tx, base_fee), used)
            })
            .collect();
        sorted.sort_unstable_by_key(|(tip, _)| *tip);
        let total = header.header.gas_used as f64;
        let mut rewards = Vec::with_capacity(percentiles.len());
        let (mut index, mut sum) = (0usize, sorted.first().map_or(0, |(_, used)| *used));
        for p in percentiles {
            // Truncated as geth does (`uint64(float64(gasUsed) * p / 100)`).
            let threshold = (total * p / 100.0) as u64;
            while sum < threshold && index + 1 < sorted.len() {
                index += 1;
                sum += sorted[index].1;
            }
            rewards.push(sorted.get(index).map_or(0, |(tip, _)| *tip));
        }
        Ok(rewards)
    }

    /// `eth_maxPriorityFeePerGas`: geth's oracle over the last 20 verified blocks (transactions
    /// from the block's own beneficiary left out, tips under 2 wei ignored, capped at 500 gwei).
    pub(super) async fn suggest_tip(&self) -> Result<u128> {
        let head = self.resolve(None).await?;
        let mut samples = Vec::new();
        for number in head.header.number.saturating_sub(ORACLE_BLOCKS - 1)..=head.header.number {
            let header = self.header_at(number).await?;
            if header.header.gas_used == 0 {
                continue;
            }
            let body = self.prove_body(&header, false).await?;
            let mut tips: Vec<u128> = body
                .txs
                .iter()
                .filter(|tx| super::present::sender(tx).is_ok_and(|from| from != header.header.beneficiary))
                .map(|tx| tip(tx, header.header.base_fee_per_gas))
                .filter(|tip| *tip >= ORACLE_IGNORE_BELOW)
                .collect();
            tips.sort_unstable();
            samples.extend(tips.into_iter().take(ORACLE_SAMPLES));
        }
        samples.sort_unstable();
        let suggestion = match samples.len() {
            0 => ORACLE_DEFAULT,
            n => samples[(n - 1) * ORACLE_PERCENTILE / 100],
        };
        Ok(suggestion.min(ORACLE_MAX))
    }

    /// `eth_gasPrice`: the tip suggestion plus the next block's base fee (geth's rule).
    pub(super) async fn gas_price(&self) -> Result<u128> {
        let tip = self.suggest_tip().await?;
        let head = self.resolve(None).await?;
        Ok(tip.saturating_add(self.next_base_fee(Some(&head.header))))
    }

    /// `eth_blobBaseFee`: the blob base fee of the block after the verified head.
    pub(super) async fn blob_base_fee(&self) -> Result<u128> {
        let head = self.resolve(None).await?;
        self.spec
            .evm_fork_at(&head.header)
            .blob_params()
            .and_then(|params| head.header.next_block_blob_fee(params))
            .ok_or_else(|| Error::invalid("eth_blobBaseFee", "the verified head has no blob fields (before Cancun)"))
    }

    /// The base fee of the block after `header` by EIP-1559 (zero where the chain has none).
    fn next_base_fee(&self, header: Option<&alloy_consensus::Header>) -> u128 {
        header.and_then(|h| h.next_block_base_fee(BaseFeeParams::ethereum())).map_or(0, u128::from)
    }
}

/// What the block's producer earns per gas from `tx`: its effective tip over the base fee.
fn tip(tx: &TxEnvelope, base_fee: Option<u64>) -> u128 {
    tx.effective_tip_per_gas(base_fee.unwrap_or_default()).unwrap_or_default()
}

fn ratio(used: u64, limit: u64) -> f64 {
    if limit == 0 { 0.0 } else { used as f64 / limit as f64 }
}

fn hex_list(values: &[u128]) -> Value {
    Value::Array(values.iter().map(|v| json!(format!("{v:#x}"))).collect())
}

/// A count given as a hex quantity (viem) or a plain number (ethers, hand-written calls).
fn quantity_or_number(what: &str, value: &Value) -> Result<u64> {
    match value {
        Value::Number(n) => n.as_u64().ok_or_else(|| Error::invalid(what, format!("{n} is not a count"))),
        Value::String(_) => u64::try_from(json::parse::<U256>(what, value)?).map_err(|_| Error::invalid(what, "too large")),
        other => Err(Error::invalid(what, format!("expected a quantity, got {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_taken_as_quantities_or_numbers_and_nothing_else() {
        assert_eq!(quantity_or_number("n", &json!("0x10")).ok(), Some(16));
        assert_eq!(quantity_or_number("n", &json!(5)).ok(), Some(5));
        for bad in [json!(-1), json!(1.5), json!("0x1ffffffffffffffffffff"), json!(null), json!([1])] {
            assert!(quantity_or_number("n", &bad).is_err(), "{bad}");
        }
    }
}
