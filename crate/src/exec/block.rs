//! Re-executes a whole block on a witness: a pure function from (block, pre-state witness) to the
//! block's receipts, gas and post-state root, which [`Executed::check`] compares with the header.

use super::state::WitnessState;
use super::system::{self, BlockEvm, Fault};
use super::tx;
use crate::chain::Fork;
use crate::error::Error;
use crate::vm::{block_env, spec_id};
use alloy_consensus::{Eip658Value, Header, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction, TxEnvelope, TxReceipt, proofs};
use alloy_eips::eip4895::Withdrawal;
use alloy_primitives::{Address, B256, Bloom, Log, U256, logs_bloom};
use revm::context::Context;
use revm::context::result::EVMError;
use revm::context_interface::ContextTr;
use revm::database::{BundleState, State, states::bundle_state::BundleRetention};
use revm::{ExecuteCommitEvm, MainBuilder, MainContext};

/// What the block holds, from a verified header and a body checked against it.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// Its header.
    pub header: &'a Header,
    /// Its transactions, in order.
    pub transactions: &'a [TxEnvelope],
    /// Its ommer (uncle) headers.
    pub ommers: &'a [Header],
    /// Its withdrawals (Shanghai on).
    pub withdrawals: &'a [Withdrawal],
}

/// The chain rules a block runs under.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// The fork active at the block.
    pub fork: Fork,
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Where deposits are logged (EIP-6110); `None` where the chain has none.
    pub deposit_contract: Option<Address>,
    /// Whether the chain pays proof-of-work block and ommer rewards before the Merge (Ethereum
    /// does; anvil at a pre-Merge fork does not).
    pub block_reward: bool,
}

/// The result of re-executing a block.
#[derive(Debug, Clone)]
pub struct Executed {
    /// One receipt per transaction.
    pub receipts: Vec<ReceiptEnvelope>,
    /// Gas used by the block.
    pub gas_used: u64,
    /// Blob gas used by the block.
    pub blob_gas_used: u64,
    /// Root of the receipts.
    pub receipts_root: B256,
    /// Bloom of all logs.
    pub logs_bloom: Bloom,
    /// EIP-7685 requests hash (Prague on).
    pub requests_hash: Option<B256>,
    /// The post-state root.
    pub state_root: B256,
    /// The post-state, for the next block.
    pub post: WitnessState,
    /// The block's state changes, as revm accumulated them.
    pub bundle: BundleState,
}

/// Runs `block` on `pre`. A missing witness item is reported as [`Fault::Missing`] so the caller
/// can fetch, verify and run again; a block that breaks a rule gives [`Fault::Invalid`].
pub fn execute(rules: Rules, block: Block<'_>, pre: &WitnessState) -> Result<Executed, Fault> {
    execute_observed(rules, block, pre, &mut |_| Ok(()))
}

/// As [`execute`], calling `after_tx(index)` after each transaction; an error from it (a
/// cancellation) stops the run.
pub fn execute_observed(
    rules: Rules,
    block: Block<'_>,
    pre: &WitnessState,
    after_tx: &mut dyn FnMut(usize) -> Result<(), Fault>,
) -> Result<Executed, Fault> {
    let Rules { fork, chain_id, deposit_contract, block_reward } = rules;
    let header = block.header;
    let spec = spec_id(fork);
    let state = State::builder().with_database_ref(pre).with_bundle_update().build();
    let mut evm: BlockEvm<'_> = Context::mainnet()
        .modify_cfg_chained(|cfg| {
            cfg.set_spec_and_mainnet_gas_params(spec);
            cfg.chain_id = chain_id;
        })
        .with_block(block_env(header, fork))
        .with_db(state)
        .build_mainnet();

    system::pre_block(&mut evm, fork, header)?;

    let mut receipts = Vec::with_capacity(block.transactions.len());
    let mut all_logs: Vec<Log> = Vec::new();
    let (mut gas_used, mut blob_gas_used) = (0u64, 0u64);
    for (i, transaction) in block.transactions.iter().enumerate() {
        let invalid = |rule: &'static str, reason: String| Fault::invalid(rule, format!("transactions[{i}]: {reason}"));
        if gas_used.saturating_add(transaction.gas_limit()) > header.gas_limit {
            let remaining = header.gas_limit.saturating_sub(gas_used);
            return Err(invalid("TransactionException.GAS_ALLOWANCE_EXCEEDED", format!("gas limit {} exceeds the block's remaining {remaining}", transaction.gas_limit())));
        }
        let caller = tx::sender(transaction, fork >= Fork::Homestead).map_err(|e| invalid("TransactionException.INVALID_SIGNATURE_VRS", e))?;
        let env = tx::tx_env(transaction, caller).map_err(|e| invalid("TransactionException.TYPE_NOT_SUPPORTED", e))?;
        let result = evm.transact_commit(env).map_err(|e| match e {
            EVMError::Transaction(t) => invalid(tx::exception(&t), format!("{t:?}")),
            other => match Fault::from(other) {
                Fault::Invalid { rule, reason } => invalid(rule, reason),
                fault => fault,
            },
        })?;
        gas_used += result.tx_gas_used();
        blob_gas_used += transaction.blob_versioned_hashes().map_or(0, |h| h.len() as u64) * alloy_eips::eip4844::DATA_GAS_PER_BLOB;
        let status = if fork >= Fork::Byzantium {
            Eip658Value::Eip658(result.is_success())
        } else {
            // Before Byzantium a receipt carries the state root after its transaction.
            Eip658Value::PostState(intermediate_root(&mut evm, pre)?)
        };
        let logs = result.into_logs();
        all_logs.extend_from_slice(&logs);
        let receipt = Receipt { status, cumulative_gas_used: gas_used, logs };
        let bloom = logs_bloom(receipt.logs());
        receipts.push(ReceiptEnvelope::from_typed(transaction.tx_type(), ReceiptWithBloom::new(receipt, bloom)));
        after_tx(i)?;
    }

    if block_reward {
        system::credit(&mut evm, &system::pow_rewards(fork, header, block.ommers))?;
    }
    let gwei = U256::from(1_000_000_000u64);
    let withdrawals: Vec<_> = block.withdrawals.iter().map(|w| (w.address, U256::from(w.amount) * gwei)).collect();
    system::credit(&mut evm, &withdrawals)?;
    let requests_hash = if fork >= Fork::Prague {
        Some(system::post_block_requests(&mut evm, header, deposit_contract, &all_logs)?.requests_hash())
    } else {
        None
    };

    let bundle = take_bundle(&mut evm);
    let mut post = pre.clone();
    post.apply(&bundle).map_err(Fault::Missing)?;
    let logs_bloom = receipts.iter().fold(Bloom::ZERO, |acc, r| acc | r.bloom());
    Ok(Executed {
        receipts_root: proofs::calculate_receipt_root(&receipts),
        receipts,
        gas_used,
        blob_gas_used,
        logs_bloom,
        requests_hash,
        state_root: post.root(),
        post,
        bundle,
    })
}

fn take_bundle(evm: &mut BlockEvm<'_>) -> BundleState {
    let db = evm.ctx.db_mut();
    db.merge_transitions(BundleRetention::PlainState);
    db.take_bundle()
}

/// The state root after the transactions so far (pre-Byzantium receipts).
fn intermediate_root(evm: &mut BlockEvm<'_>, pre: &WitnessState) -> Result<B256, Fault> {
    let db = evm.ctx.db_mut();
    db.merge_transitions(BundleRetention::PlainState);
    let mut state = pre.clone();
    state.apply(&db.bundle_state).map_err(Fault::Missing)?;
    Ok(state.root())
}

impl<'a> Block<'a> {
    /// The view of a decoded block (header and body).
    pub fn of(block: &'a alloy_consensus::Block<TxEnvelope>) -> Self {
        let body = &block.body;
        Self {
            header: &block.header,
            transactions: &body.transactions,
            ommers: &body.ommers,
            withdrawals: body.withdrawals.as_ref().map_or(&[], |w| w.as_slice()),
        }
    }
}

/// Executes a whole witness (`pre` holds all the block reads) and checks every result against the
/// header: a broken rule is [`Error::InvalidBlock`], a result that differs [`Error::ExecutionMismatch`].
pub fn validate(rules: Rules, block: Block<'_>, pre: &WitnessState) -> Result<Executed, Error> {
    let number = block.header.number;
    let executed = execute(rules, block, pre).map_err(|fault| match fault {
        Fault::Invalid { rule, reason } => Error::InvalidBlock { number, rule: rule.into(), reason },
        Fault::Missing(missing) => Error::WitnessIncomplete { number, reason: missing.to_string() },
        Fault::Cancelled => Error::Cancelled,
    })?;
    executed.check(block.header)?;
    Ok(executed)
}

impl Executed {
    /// Compares the result with what the block's header commits to; the first difference is the error.
    pub fn check(&self, header: &Header) -> Result<(), Error> {
        let mismatch = |field: &str, claimed: String, computed: String| Error::ExecutionMismatch {
            number: header.number,
            field: field.to_owned(),
            claimed,
            computed,
        };
        if self.gas_used != header.gas_used {
            return Err(mismatch("gasUsed", header.gas_used.to_string(), self.gas_used.to_string()));
        }
        if let Some(claimed) = header.blob_gas_used.filter(|claimed| *claimed != self.blob_gas_used) {
            return Err(mismatch("blobGasUsed", claimed.to_string(), self.blob_gas_used.to_string()));
        }
        if self.receipts_root != header.receipts_root {
            return Err(mismatch("receiptsRoot", header.receipts_root.to_string(), self.receipts_root.to_string()));
        }
        if self.logs_bloom != header.logs_bloom {
            return Err(mismatch("logsBloom", header.logs_bloom.to_string(), self.logs_bloom.to_string()));
        }
        if self.requests_hash.is_some() && self.requests_hash != header.requests_hash {
            let claimed = header.requests_hash.map(|h| h.to_string()).unwrap_or_else(|| "none".into());
            return Err(mismatch("requestsHash", claimed, self.requests_hash.map(|h| h.to_string()).unwrap_or_default()));
        }
        if self.state_root != header.state_root {
            return Err(mismatch("stateRoot", header.state_root.to_string(), self.state_root.to_string()));
        }
        Ok(())
    }

    /// Compares the receipts a server claims for the block with the re-executed ones, naming the first
    /// transaction and field that differ.
    pub fn check_receipts(&self, number: u64, claimed: &[ReceiptEnvelope]) -> Result<(), Error> {
        let mismatch = |field: String, claimed: String, computed: String| Error::ExecutionMismatch { number, field, claimed, computed };
        if claimed.len() != self.receipts.len() {
            return Err(mismatch("receipts.length".into(), claimed.len().to_string(), self.receipts.len().to_string()));
        }
        for (i, (ours, theirs)) in self.receipts.iter().zip(claimed).enumerate() {
            if ours.status() != theirs.status() {
                return Err(mismatch(format!("receipts[{i}].status"), theirs.status().to_string(), ours.status().to_string()));
            }
            if ours.cumulative_gas_used() != theirs.cumulative_gas_used() {
                let (c, o) = (theirs.cumulative_gas_used(), ours.cumulative_gas_used());
                return Err(mismatch(format!("receipts[{i}].cumulativeGasUsed"), c.to_string(), o.to_string()));
            }
            if ours.logs() != theirs.logs() {
                return Err(mismatch(format!("receipts[{i}].logs"), format!("{} logs", theirs.logs().len()), format!("{} logs", ours.logs().len())));
            }
        }
        Ok(())
    }
}
