//! What a block does besides its transactions: the system calls before and after them (EIP-4788
//! beacon roots, EIP-2935 block hashes, EIP-7002 and EIP-7251 requests), proof-of-work rewards,
//! withdrawals (EIP-4895) and deposit requests (EIP-6110).

use super::state::{Missing, WitnessState};
use crate::chain::Fork;
use alloy_consensus::Header;
use alloy_eips::eip2935::HISTORY_STORAGE_ADDRESS;
use alloy_eips::eip4788::{BEACON_ROOTS_ADDRESS, SYSTEM_ADDRESS};
use alloy_eips::eip7002::WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS;
use alloy_eips::eip7251::CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS;
use alloy_eips::eip7685::Requests;
use alloy_primitives::{Address, Bytes, Log, U256};
use alloy_sol_types::{SolEvent, sol};
use revm::context::result::{EVMError, ExecutionResult, Output};
use revm::context_interface::ContextTr;
use revm::database::State;
use revm::database_interface::WrapDatabaseRef;
use revm::database_interface::bal::EvmDatabaseError;
use revm::handler::{MainnetContext, MainnetEvm, SystemCallEvm};
use revm::state::{Account, TransactionId};
use revm::{Database, DatabaseCommit};

/// Why a step of the block failed: missing witness data, or an invalid block.
#[derive(Debug)]
pub enum Fault {
    /// The witness lacks something: fetch it and run again.
    Missing(Missing),
    /// The block breaks a rule: `rule` names it as ethereum/tests does (`BlockException.*`,
    /// `TransactionException.*`).
    Invalid {
        /// The rule.
        rule: &'static str,
        /// What broke it.
        reason: String,
    },
    /// The caller stopped the run.
    Cancelled,
}

impl Fault {
    /// A broken rule.
    pub fn invalid(rule: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid { rule, reason: reason.into() }
    }
}

impl<E: std::fmt::Debug> From<EVMError<EvmDatabaseError<Missing>, E>> for Fault {
    fn from(e: EVMError<EvmDatabaseError<Missing>, E>) -> Self {
        match e {
            EVMError::Database(EvmDatabaseError::Database(missing)) => Self::Missing(missing),
            other => Self::invalid("BlockException.INVALID_BLOCK", format!("{other:?}")),
        }
    }
}

impl From<EvmDatabaseError<Missing>> for Fault {
    fn from(e: EvmDatabaseError<Missing>) -> Self {
        match e {
            EvmDatabaseError::Database(missing) => Self::Missing(missing),
            EvmDatabaseError::Bal(e) => Self::invalid("BlockException.INVALID_BLOCK", format!("{e:?}")),
        }
    }
}

/// The EVM a block runs in: revm's mainnet EVM over the block's state overlay.
pub type BlockEvm<'a> = MainnetEvm<MainnetContext<State<WrapDatabaseRef<&'a WitnessState>>>>;

/// Calls a system contract and commits what it changed, without the caller and the beneficiary
/// (system calls neither pay nor touch them). Returns the call's output when it succeeded.
pub fn system_call(evm: &mut BlockEvm<'_>, contract: Address, data: Bytes, beneficiary: Address) -> Result<Option<Bytes>, Fault> {
    let mut outcome = evm.system_call(contract, data)?;
    outcome.state.remove(&SYSTEM_ADDRESS);
    outcome.state.remove(&beneficiary);
    evm.ctx.db_mut().commit(outcome.state);
    Ok(match outcome.result {
        ExecutionResult::Success { output: Output::Call(bytes), .. } => Some(bytes),
        _ => None,
    })
}

/// The calls before the first transaction: the parent beacon root from Cancun, the parent hash
/// from Prague.
pub fn pre_block(evm: &mut BlockEvm<'_>, fork: Fork, header: &Header) -> Result<(), Fault> {
    if fork >= Fork::Cancun {
        let root = header.parent_beacon_block_root.ok_or_else(|| Fault::invalid("BlockException.INCORRECT_BLOCK_FORMAT", "parentBeaconBlockRoot missing"))?;
        system_call(evm, BEACON_ROOTS_ADDRESS, root.0.into(), header.beneficiary)?;
    }
    if fork >= Fork::Prague && header.number > 0 {
        system_call(evm, HISTORY_STORAGE_ADDRESS, header.parent_hash.0.into(), header.beneficiary)?;
    }
    Ok(())
}

sol! {
    /// The deposit contract's event (EIP-6110).
    event DepositEvent(bytes pubkey, bytes withdrawal_credentials, bytes amount, bytes signature, bytes index);
}

/// The block's requests (Prague on): deposits from the deposit contract's logs, then the withdrawal
/// and consolidation queues, which the post-block system calls dequeue.
pub fn post_block_requests(evm: &mut BlockEvm<'_>, header: &Header, deposit_contract: Option<Address>, logs: &[Log]) -> Result<Requests, Fault> {
    let mut requests = Requests::default();
    let mut deposits = Vec::new();
    for log in logs.iter().filter(|log| Some(log.address) == deposit_contract) {
        if let Ok(event) = DepositEvent::decode_log(log) {
            for part in [&event.pubkey, &event.withdrawal_credentials, &event.amount, &event.signature, &event.index] {
                deposits.extend_from_slice(part);
            }
        }
    }
    requests.push_request_with_type(0, deposits);
    for (kind, contract) in [(1u8, WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS), (2, CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS)] {
        let output = system_call(evm, contract, Bytes::new(), header.beneficiary)?
            .ok_or_else(|| Fault::invalid("BlockException.SYSTEM_CONTRACT_CALL_FAILED", format!("system call to {contract} failed")))?;
        requests.push_request_with_type(kind, output);
    }
    Ok(requests)
}

/// Proof-of-work rewards: the block's miner and its ommers' (yellow paper section 11.3).
pub fn pow_rewards(fork: Fork, header: &Header, ommers: &[Header]) -> Vec<(Address, U256)> {
    if fork >= Fork::Paris {
        return Vec::new();
    }
    let ether = U256::from(10u64).pow(U256::from(18));
    let base = ether
        * U256::from(match fork {
            f if f < Fork::Byzantium => 5u64,
            Fork::Byzantium => 3,
            _ => 2,
        });
    let mut credits = vec![(header.beneficiary, base + base / U256::from(32) * U256::from(ommers.len()))];
    for ommer in ommers {
        let distance = U256::from(8u64 + ommer.number).saturating_sub(U256::from(header.number));
        credits.push((ommer.beneficiary, distance * base / U256::from(8)));
    }
    credits
}

/// Adds `amount` to each account's balance (a new account is created; zero amounts touch nothing).
pub fn credit(evm: &mut BlockEvm<'_>, credits: &[(Address, U256)]) -> Result<(), Fault> {
    for (address, amount) in credits.iter().filter(|(_, amount)| !amount.is_zero()) {
        let db = evm.ctx.db_mut();
        let mut account = match db.basic(*address)? {
            Some(info) => Account::from(info),
            None => Account::new_not_existing(TransactionId::ZERO),
        };
        account.info.balance = account.info.balance.saturating_add(*amount);
        account.mark_touch();
        db.commit([(*address, account)].into_iter().collect());
    }
    Ok(())
}
