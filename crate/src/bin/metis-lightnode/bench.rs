//! The native half of the bench: proof and header verification timed on the same inputs the wasm
//! build gets.

use crate::args::NodeArgs;
use alloy_primitives::{Address, B256, Bytes};
use metis_lightnode::{Error, bench};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Instant;

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs `work(rounds)` with doubling rounds until it takes at least half a second; returns
/// (items done, seconds) of the last run.
fn time_until_stable(mut work: impl FnMut(usize) -> Result<usize, Error>) -> Result<(usize, f64), String> {
    let mut rounds = 1;
    loop {
        let start = Instant::now();
        let items = work(rounds).map_err(|e| e.to_string())?;
        let secs = start.elapsed().as_secs_f64();
        if secs >= 0.5 || rounds >= 1 << 24 {
            return Ok((items, secs));
        }
        rounds *= 2;
    }
}

pub fn run(cases_path: &Path, headers_path: &Path) -> Result<Value, String> {
    let cases = bench::proof_cases(&read_json(cases_path)?).map_err(|e| e.to_string())?;
    let headers = read_json(headers_path)?;
    let (proofs, proof_secs) = time_until_stable(|rounds| bench::verify_proof_cases(&cases, rounds))?;
    let (verified, header_secs) = time_until_stable(|rounds| bench::verify_header_rounds(&headers, rounds))?;
    Ok(json!({
        "proofs": cases.len(),
        "proofMicros": proof_secs * 1e6 / proofs as f64,
        "headersPerSecond": verified as f64 / header_secs,
    }))
}

/// Cold and warm `eth_call` and `eth_getBalance` through a node: wall time and RPC round trips.
pub async fn calls(args: &NodeArgs, to: Address, data: &Bytes, account: Address, block: &str) -> Result<Value, String> {
    let call = json!([{ "to": to, "data": data }, block]);
    let balance = json!([account, block]);
    let mut out = serde_json::Map::new();
    for (name, method, params) in [("call", "eth_call", &call), ("balance", "eth_getBalance", &balance)] {
        let node = crate::connect::connect(args).await?;
        let (trips, start) = (node.round_trips(), Instant::now());
        node.request(method, params).await.map_err(|e| e.to_string())?;
        out.insert(format!("{name}ColdMs"), json!(start.elapsed().as_secs_f64() * 1e3));
        out.insert(format!("{name}ColdRoundTrips"), json!(node.round_trips() - trips));
        let (trips, start, rounds) = (node.round_trips(), Instant::now(), 20);
        for _ in 0..rounds {
            node.request(method, params).await.map_err(|e| e.to_string())?;
        }
        out.insert(format!("{name}WarmMs"), json!(start.elapsed().as_secs_f64() * 1e3 / f64::from(rounds)));
        out.insert(format!("{name}WarmRoundTrips"), json!((node.round_trips() - trips) as f64 / f64::from(rounds)));
    }
    Ok(Value::Object(out))
}

/// MetisDB on a redb file: batched writes of `count` nodes, reopen time, cached read latency.
pub fn store(path: &Path, count: u32) -> Result<Value, String> {
    use metis_lightnode::store::FileStore;
    let _ = std::fs::remove_file(path);
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1e3;
    let store = FileStore::open(path).map_err(|e| e.to_string())?;
    let reopen = |s: FileStore| {
        drop(s);
        let reopened = FileStore::open(path);
        async move { reopened }
    };
    let result = futures::executor::block_on(bench::store_workload(store, reopen, count, now)).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(path);
    serde_json::to_value(result).map_err(|e| e.to_string())
}

/// Validates the hive chain from genesis (`genesis.json`, `chain.rlp`): ms per full validation of
/// every block, gas per second, the share of the time spent on tries and roots, and headers per
/// second through the header rules alone.
pub fn exec(genesis_path: &Path, chain_path: &Path) -> Result<Value, String> {
    let genesis = std::fs::read_to_string(genesis_path).map_err(|e| format!("{}: {e}", genesis_path.display()))?;
    let chain = std::fs::read(chain_path).map_err(|e| format!("{}: {e}", chain_path.display()))?;
    let mut workload = bench::HiveWorkload::new(&genesis, &chain).map_err(|e| e.to_string())?;
    let spec = metis_lightnode::chain::presets::HIVE;
    let mut count = bench::ReplayCount::default();
    let (replays, replay_secs) = time_until_stable(|rounds| {
        for _ in 0..rounds {
            count = workload.replay(&spec)?;
        }
        Ok(rounds)
    })?;
    let (root_rounds, root_secs) = time_until_stable(|rounds| {
        for _ in 0..rounds {
            workload.roots()?;
        }
        Ok(rounds)
    })?;
    let (ruled, rules_secs) = time_until_stable(|rounds| workload.header_rules(&spec, rounds))?;
    let replay_ms = replay_secs * 1e3 / replays as f64;
    let roots_ms = root_secs * 1e3 / root_rounds as f64;
    Ok(json!({
        "blocks": count.blocks,
        "transactions": count.transactions,
        "gas": count.gas,
        "replayMs": replay_ms,
        "rootsMs": roots_ms,
        "gasPerSecond": count.gas as f64 / (replay_ms / 1e3),
        "headerRulesPerSecond": ruled as f64 / rules_secs,
    }))
}

/// The EVM workload (runtime code and calldata as hex): ms per call and gas per second.
pub fn evm(code: &[u8], data: &[u8]) -> Result<Value, String> {
    let mut gas = 0;
    let (calls, secs) = time_until_stable(|rounds| {
        gas = bench::evm_rounds(code, data, rounds)?;
        Ok(rounds)
    })?;
    let call_ms = secs * 1e3 / calls as f64;
    Ok(json!({ "gas": gas, "callMs": call_ms, "gasPerSecond": gas as f64 / (call_ms / 1e3) }))
}

/// A recorded beacon sync (a folder with bootstrap.json, updates.json, finality.json,
/// optimistic.json, as helios records them): ms for one period's update and for the whole sync.
pub fn beacon(dir: &Path, root: B256, now_slot: u64) -> Result<Value, String> {
    let read = |name: &str| -> Result<Value, String> {
        let text = std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))
    };
    let case = bench::beacon_case(&root.to_string(), &read("bootstrap.json")?, &read("updates.json")?, &read("finality.json")?, &read("optimistic.json")?, now_slot).map_err(|e| e.to_string())?;
    let updates = case_len(&read("updates.json")?) + 2;
    let time = |n: usize| {
        time_until_stable(|rounds| {
            for _ in 0..rounds {
                bench::beacon_sync(&case, n)?;
            }
            Ok(rounds)
        })
    };
    let (bootstraps, boot_secs) = time(0)?;
    let (one, one_secs) = time(1)?;
    let (all, all_secs) = time(updates)?;
    let boot_ms = boot_secs * 1e3 / bootstraps as f64;
    Ok(json!({
        "bootstrapMs": boot_ms,
        "periodMs": one_secs * 1e3 / one as f64 - boot_ms,
        "syncMs": all_secs * 1e3 / all as f64,
        "updates": updates,
    }))
}

fn case_len(updates: &Value) -> usize {
    updates.as_array().map_or(0, Vec::len)
}
