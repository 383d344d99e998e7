//! `eth_simulateV1` (viem's `simulateCalls`): blocks of calls run by MetisVM on the state proven at
//! the base block, each call on what the ones before it left, as geth simulates them without
//! validation. Block `n` of the simulation is numbered base+n and timed 12 s after the one before,
//! unless its `blockOverrides` say otherwise. What is not served is refused, never approximated:
//! `validation`, `traceTransfers`, and state overrides after the first block.

use super::LightNode;
use crate::error::{Error, Result};
use crate::json;
use crate::rpc::Transport;
use crate::store::Store;
use crate::vm::{self, Interrupted, Outcome, Simulated};
use alloy_primitives::{B256, U256, keccak256};
use alloy_rpc_types_eth::simulate::SimulatePayload;
use alloy_rpc_types_eth::state::StateOverride;
use serde_json::{Value, json};

/// Most simulated blocks, and calls over all of them, one request may ask for.
const MAX_BLOCKS: usize = 16;
const MAX_CALLS: usize = 256;
/// Re-runs allowed after misses (each proves at least one more item).
const MAX_RERUNS: usize = 256;

impl<T: Transport, S: Store> LightNode<T, S> {
    pub(super) async fn simulate_v1(&self, params: &[Value]) -> Result<Value> {
        // viem sends the flags it leaves unset as null: absent, as geth reads them.
        let mut given = params.first().cloned().unwrap_or(Value::Null);
        if let Some(fields) = given.as_object_mut() {
            fields.retain(|_, v| !v.is_null());
        }
        let payload: SimulatePayload = json::parse("simulation", &given)?;
        let refuse = |what: &str| Err(Error::invalid("simulation", format!("{what} is not served")));
        if payload.validation {
            return refuse("validation");
        }
        if payload.trace_transfers {
            return refuse("traceTransfers");
        }
        let blocks = &payload.block_state_calls;
        if blocks.is_empty() || blocks.len() > MAX_BLOCKS || blocks.iter().map(|b| b.calls.len()).sum::<usize>() > MAX_CALLS {
            return Err(Error::invalid("blockStateCalls", format!("from 1 to {MAX_BLOCKS} blocks and at most {MAX_CALLS} calls")));
        }
        if blocks.iter().skip(1).any(|b| b.state_overrides.is_some()) {
            return refuse("stateOverrides after the first block");
        }
        let overrides: StateOverride = blocks.first().and_then(|b| b.state_overrides.clone()).unwrap_or_default();
        let base = self.resolve(params.get(1)).await?;
        let fork = self.spec.evm_fork_at(&base.header);
        let mut envs = Vec::with_capacity(blocks.len());
        let (mut number, mut time) = (base.header.number, base.header.timestamp);
        for block in blocks {
            let mut env = vm::block_env(&base.header, fork);
            let o = block.block_overrides.clone().unwrap_or_default();
            number = o.number.map_or(Ok(number.saturating_add(1)), |n| u64::try_from(n).map_err(|_| Error::invalid("blockOverrides.number", "too large")))?;
            time = o.time.unwrap_or(time.saturating_add(12));
            env.number = U256::from(number);
            env.timestamp = U256::from(time);
            env.gas_limit = o.gas_limit.unwrap_or(env.gas_limit);
            env.beneficiary = o.coinbase.unwrap_or(env.beneficiary);
            if let Some(fee) = o.base_fee {
                env.basefee = u64::try_from(fee).map_err(|_| Error::invalid("blockOverrides.baseFeePerGas", "too large"))?;
            }
            let gas = env.gas_limit.min(self.options.max_call_gas);
            let txs = block.calls.iter().map(|call| vm::tx_env(call, self.spec.chain_id, call.gas.unwrap_or(gas).min(gas))).collect::<Result<Vec<_>>>()?;
            envs.push((env, txs));
        }

        let mut db = self.take_state(&base);
        let mut run = Err(Error::Halted(format!("state still missing after {MAX_RERUNS} fetches")));
        for _ in 0..MAX_RERUNS {
            match vm::simulate(vm::Overridden::new(&mut db, &overrides)?, vm::spec_id(fork), self.spec.chain_id, &envs) {
                Ok(results) => {
                    run = Ok(results);
                    break;
                }
                Err(Interrupted::Refused(e)) => {
                    run = Err(e);
                    break;
                }
                Err(Interrupted::Missing(missing)) => {
                    if let Err(e) = self.fetch_missing(&base, missing, &mut db).await {
                        run = Err(e);
                        break;
                    }
                }
            }
        }
        self.keep_state(&base, db);
        let results = run?;
        let mut parent = base.hash;
        let mut answer = Vec::with_capacity(results.len());
        for ((env, _), calls) in envs.iter().zip(results) {
            let number = u64::try_from(env.number).unwrap_or_default();
            // A simulated block is no chain block: its hash only names it within this answer.
            let hash = keccak256([parent.as_slice(), &number.to_be_bytes()].concat());
            answer.push(simulated_block(env, number, hash, parent, &calls));
            parent = hash;
        }
        Ok(Value::Array(answer))
    }
}

fn simulated_block(env: &revm::context::BlockEnv, number: u64, hash: B256, parent: B256, calls: &[Simulated]) -> Value {
    let mut log_index = 0u64;
    let calls: Vec<Value> = calls
        .iter()
        .enumerate()
        .map(|(i, call)| {
            let logs: Vec<Value> = call
                .logs
                .iter()
                .map(|log| {
                    log_index += 1;
                    json!({
                        "address": log.address, "topics": log.data.topics(), "data": log.data.data,
                        "blockNumber": format!("{number:#x}"), "blockHash": hash, "transactionIndex": format!("{i:#x}"),
                        "logIndex": format!("{:#x}", log_index - 1), "transactionHash": B256::ZERO, "removed": false,
                    })
                })
                .collect();
            let mut value = json!({ "gasUsed": format!("{:#x}", call.gas_used), "logs": logs });
            match &call.outcome {
                Outcome::Success(data) => {
                    value["status"] = json!("0x1");
                    value["returnData"] = json!(data);
                }
                Outcome::Revert(data) => {
                    value["status"] = json!("0x0");
                    value["returnData"] = json!(data);
                    value["error"] = json!({ "code": 3, "message": "execution reverted", "data": data });
                }
                Outcome::Halt(reason) => {
                    value["status"] = json!("0x0");
                    value["returnData"] = json!("0x");
                    value["error"] = json!({ "code": -32015, "message": reason });
                }
            }
            value
        })
        .collect();
    let gas_used: u64 = calls.iter().filter_map(|c| c["gasUsed"].as_str()).filter_map(|g| u64::from_str_radix(g.trim_start_matches("0x"), 16).ok()).sum();
    json!({
        "number": format!("{number:#x}"), "hash": hash, "parentHash": parent,
        "timestamp": format!("{:#x}", env.timestamp), "gasLimit": format!("{:#x}", env.gas_limit), "gasUsed": format!("{gas_used:#x}"),
        "baseFeePerGas": format!("{:#x}", env.basefee), "miner": env.beneficiary, "transactions": [], "calls": calls,
    })
}
