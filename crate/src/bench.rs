//! Workloads the bench command times, the same code natively and in wasm; the caller holds the clock.

use crate::error::{Error, Result};
use crate::json::{self, parse_b256};
use crate::verify::{self, header_from_json};
use alloy_primitives::{B256, Bytes, keccak256};
use alloy_rpc_types_eth::EIP1186AccountProofResponse;
use serde_json::Value;

/// One proof to verify: a root, a trie key and the proof nodes.
#[derive(Debug, Clone)]
pub struct ProofCase {
    root: B256,
    key: B256,
    proof: Vec<Bytes>,
}

/// Every account and storage proof of `eth_getProof` answers, each `{stateRoot, proof}`.
pub fn proof_cases(inputs: &Value) -> Result<Vec<ProofCase>> {
    let list = inputs.as_array().ok_or_else(|| Error::invalid("cases", "expected an array"))?;
    let mut cases = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let root_str = item.get("stateRoot").and_then(Value::as_str).unwrap_or_default();
        let root = parse_b256(&format!("cases[{i}].stateRoot"), root_str)?;
        let response: EIP1186AccountProofResponse = json::parse(&format!("cases[{i}].proof"), item.get("proof").unwrap_or(&Value::Null))?;
        let account = verify::verify_account_proof(root, &response)?;
        cases.push(ProofCase { root, key: keccak256(response.address), proof: response.account_proof.clone() });
        for sp in &response.storage_proof {
            cases.push(ProofCase { root: account.storage_hash, key: keccak256(sp.key.as_b256()), proof: sp.proof.clone() });
        }
    }
    Ok(cases)
}

/// Whole `eth_getProof` answers (`[{stateRoot, proof}]`), each verified as the node verifies one: all
/// its items hashed in one batch, then every walk.
pub fn account_proofs(inputs: &Value) -> Result<Vec<(B256, EIP1186AccountProofResponse)>> {
    let list = inputs.as_array().ok_or_else(|| Error::invalid("cases", "expected an array"))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let root = parse_b256(&format!("cases[{i}].stateRoot"), item.get("stateRoot").and_then(Value::as_str).unwrap_or_default())?;
            Ok((root, json::parse(&format!("cases[{i}].proof"), item.get("proof").unwrap_or(&Value::Null))?))
        })
        .collect()
}

/// Verifies every answer `rounds` times; returns how many answers were verified.
pub fn verify_account_proof_rounds(answers: &[(B256, EIP1186AccountProofResponse)], rounds: usize) -> Result<usize> {
    for _ in 0..rounds {
        for (root, answer) in answers {
            verify::verify_account_proof(*root, answer)?;
        }
    }
    Ok(rounds * answers.len())
}

/// Verifies every case `rounds` times; returns how many proofs were verified.
pub fn verify_proof_cases(cases: &[ProofCase], rounds: usize) -> Result<usize> {
    for _ in 0..rounds {
        for case in cases {
            verify::verify_proof(case.root, case.key.as_slice(), &case.proof).map_err(|e| Error::proof("bench", e))?;
        }
    }
    Ok(rounds * cases.len())
}

/// Hashes `count` messages of `len` bytes in one batch, `rounds` times: Keccak-256 (`sha256` false)
/// or SHA-256 (64-byte messages only); returns how many messages were hashed.
pub fn hash_batch_rounds(sha256: bool, len: usize, count: usize, rounds: usize) -> Result<usize> {
    if sha256 && len != 64 {
        return Err(Error::invalid("len", "SHA-256 batches hash 64-byte messages"));
    }
    let messages: Vec<Vec<u8>> = (0..count as u64).map(|i| keccak256(i.to_be_bytes()).repeat(len.div_ceil(32))[..len].to_vec()).collect();
    let pairs: Vec<[u8; 64]> = messages.iter().filter_map(|m| m.as_slice().try_into().ok()).collect();
    let mut acc = 0u8;
    for _ in 0..rounds {
        let digests = if sha256 { crate::hash::sha256_each(&pairs) } else { crate::hash::keccak256_each(&messages) };
        acc ^= digests.iter().fold(0, |a, d| a ^ d[0]);
    }
    std::hint::black_box(acc);
    Ok(rounds * count)
}

/// Decodes, hashes and links the `eth_getBlockBy*` headers `rounds` times; returns headers verified.
pub fn verify_header_rounds(headers: &Value, rounds: usize) -> Result<usize> {
    let list = headers.as_array().ok_or_else(|| Error::invalid("headers", "expected an array"))?;
    let mut total = 0;
    for _ in 0..rounds {
        let received = list.iter().map(|h| header_from_json("header", h)).collect::<Result<Vec<_>>>()?;
        let (Some(first), Some(_)) = (received.first(), received.last()) else { return Ok(0) };
        let checkpoint = verify::Checkpoint { number: first.header.number, hash: first.hash };
        total += verify::verify_header_chain(&received, checkpoint)?.len();
    }
    Ok(total)
}

/// What the store bench measured.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreBench {
    /// Trie-node-sized entries written per second, in batches of 1000.
    pub write_nodes_per_second: f64,
    /// Milliseconds to open the store again holding them.
    pub reopen_ms: f64,
    /// Microseconds per cached, re-hashed node read.
    pub read_micros: f64,
    /// Milliseconds to re-hash every stored node (`MetisDb::check`).
    pub check_ms: f64,
}

/// Writes `count` 532-byte nodes to `store` in batches of 1000, reopens it with `reopen`, and reads
/// back every tenth node through MetisDB (re-hashed); `now_ms` is the caller's clock.
pub async fn store_workload<S: crate::store::Store, F: std::future::Future<Output = Result<S>>>(
    store: S,
    reopen: impl FnOnce(S) -> F,
    count: u32,
    now_ms: impl Fn() -> f64,
) -> Result<StoreBench> {
    use crate::store::MetisDb;
    let nodes: Vec<Bytes> = (0..count).map(|i| Bytes::from(keccak256(i.to_be_bytes()).repeat(17)[..532].to_vec())).collect();
    store.clear().await?;
    let db = MetisDb::new(store);
    let start = now_ms();
    for chunk in nodes.chunks(1000) {
        db.put_proven(chunk.iter().cloned(), std::iter::empty()).await?;
    }
    let write_ms = now_ms() - start;
    let start = now_ms();
    let reopened = MetisDb::new(reopen(db.into_backend()).await?);
    let reopen_ms = now_ms() - start;
    let sample: Vec<B256> = nodes.iter().step_by(10).map(keccak256).collect();
    let start = now_ms();
    for hash in &sample {
        reopened.node(*hash).await?.ok_or_else(|| Error::invalid("bench", "a written node was not read back"))?;
    }
    let read_ms = now_ms() - start;
    let start = now_ms();
    let check = reopened.check().await?;
    let check_ms = now_ms() - start;
    if check.corrupt != 0 || check.content != u64::from(count) {
        return Err(Error::invalid("bench", format!("the store check found {} entries, {} corrupt", check.content, check.corrupt)));
    }
    reopened.clear().await?;
    Ok(StoreBench {
        write_nodes_per_second: f64::from(count) / (write_ms / 1e3),
        reopen_ms,
        read_micros: read_ms * 1e3 / sample.len().max(1) as f64,
        check_ms,
    })
}

/// The hive chain decoded for the execution bench: its genesis state and its blocks.
#[derive(Debug, Clone)]
pub struct HiveWorkload {
    genesis: crate::exec::WitnessState,
    genesis_hash: B256,
    blocks: Vec<alloy_consensus::Block<alloy_consensus::TxEnvelope>>,
    /// Each block's pre-state and changes, recorded by [`Self::replay`] for [`Self::roots`].
    recorded: Vec<(crate::exec::WitnessState, revm::database::BundleState)>,
}

/// What a replay did.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayCount {
    /// Blocks re-executed and checked.
    pub blocks: usize,
    /// Transactions re-executed.
    pub transactions: usize,
    /// Gas re-executed.
    pub gas: u64,
}

impl HiveWorkload {
    /// Decodes a `genesis.json` and a `chain.rlp` (blocks checked against their headers' roots).
    pub fn new(genesis_json: &str, chain_rlp: &[u8]) -> Result<Self> {
        let genesis: alloy_genesis::Genesis = serde_json::from_str(genesis_json).map_err(|e| Error::invalid("genesis", e))?;
        let state = crate::exec::genesis_state(&genesis).map_err(|e| Error::invalid("genesis", e))?;
        let genesis_hash = crate::exec::genesis_header(&genesis, state.root()).hash_slow();
        let blocks = verify::block::split_rlp(chain_rlp)?
            .into_iter()
            .enumerate()
            .map(|(i, item)| verify::verify_block_rlp(&format!("blocks[{i}]"), item).map(|(_, block, _)| block))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { genesis: state, genesis_hash, blocks, recorded: Vec::new() })
    }

    /// Checks every header against its parent under the header rules, `rounds` times; returns the
    /// headers checked.
    pub fn header_rules(&self, spec: &crate::ChainSpec, rounds: usize) -> Result<usize> {
        for _ in 0..rounds {
            for pair in self.blocks.windows(2) {
                let (parent, header) = (&pair[0].header, &pair[1].header);
                verify::rules::check_header(header, parent, spec.evm_fork_at(header), spec.evm_fork_at(parent), verify::rules::RuleSet::ETHEREUM)?;
            }
        }
        Ok(rounds * self.blocks.len().saturating_sub(1))
    }

    /// Validates every block from genesis in full (header rules, re-execution, every result against
    /// its header).
    pub fn replay(&mut self, spec: &crate::ChainSpec) -> Result<ReplayCount> {
        let mut state = self.genesis.clone();
        state.add_block_hash(0, self.genesis_hash);
        let mut count = ReplayCount::default();
        self.recorded.clear();
        for (i, block) in self.blocks.iter().enumerate() {
            let header = &block.header;
            if let Some(parent) = i.checked_sub(1).and_then(|p| self.blocks.get(p)) {
                verify::rules::check_header(header, &parent.header, spec.evm_fork_at(header), spec.evm_fork_at(&parent.header), verify::rules::RuleSet::ETHEREUM)?;
            }
            let rules = spec.exec_rules(header)?;
            let executed = crate::exec::validate(rules, crate::exec::Block::of(block), &state)?;
            count.blocks += 1;
            count.transactions += executed.receipts.len();
            count.gas += executed.gas_used;
            let next = executed.post;
            self.recorded.push((std::mem::replace(&mut state, next), executed.bundle));
            state.add_block_hash(header.number, header.hash_slow());
        }
        Ok(count)
    }

    /// Redoes only the trie work of the last replay (changes written into each pre-state, roots
    /// recomputed); returns the blocks done.
    pub fn roots(&self) -> Result<usize> {
        for (pre, bundle) in &self.recorded {
            let mut post = pre.clone();
            post.apply(bundle).map_err(|e| Error::invalid("bench", e))?;
            std::hint::black_box(post.root());
        }
        Ok(self.recorded.len())
    }
}

/// Where the EVM workload's code sits.
pub const EVM_WORKLOAD_ADDRESS: alloy_primitives::Address = alloy_primitives::address!("0x00000000000000000000000000000000000b3c11");

/// The EVM workload timed against @ethereumjs/evm: `data` called on `code` (installed at
/// [`EVM_WORKLOAD_ADDRESS`] over empty storage) under Prague, `rounds` times from the same state
/// (nothing is committed), through the same MetisVM entry as `eth_call`. Returns the gas of one
/// call, which must succeed.
pub fn evm_rounds(code: &[u8], data: &[u8], rounds: usize) -> Result<u64> {
    use crate::verify::VerifiedAccount;
    use crate::vm::{self, Interrupted, Outcome};
    use alloy_primitives::{Address, U256};
    use alloy_trie::EMPTY_ROOT_HASH;
    use revm::primitives::{TxKind, hardfork::SpecId};

    let caller = Address::with_last_byte(0xca);
    let account = |address, code_hash| VerifiedAccount {
        address,
        exists: code_hash != alloy_primitives::KECCAK256_EMPTY,
        balance: U256::ZERO,
        nonce: 1,
        code_hash,
        storage_hash: EMPTY_ROOT_HASH,
        storage: Vec::new(),
        proof_used: 0,
    };
    let mut db = vm::ProofDb::default();
    db.insert_account(&account(EVM_WORKLOAD_ADDRESS, keccak256(code)), Some(Bytes::copy_from_slice(code)))?;
    for absent in [caller, Address::ZERO] {
        db.insert_account(&account(absent, alloy_primitives::KECCAK256_EMPTY), None)?;
    }
    let tx = revm::context::TxEnv::builder()
        .caller(caller)
        .kind(TxKind::Call(EVM_WORKLOAD_ADDRESS))
        .data(Bytes::copy_from_slice(data))
        .gas_limit(30_000_000)
        .build()
        .map_err(|e| Error::invalid("evm workload", format!("{e:?}")))?;
    let mut gas = 0;
    for _ in 0..rounds {
        let run = vm::run(&mut db, SpecId::PRAGUE, 1, revm::context::BlockEnv::default(), tx.clone()).map_err(|e| match e {
            Interrupted::Refused(e) => e,
            Interrupted::Missing(m) => Error::invalid("evm workload", format!("touches state outside the workload: {m:?}")),
        })?;
        if let Outcome::Revert(_) | Outcome::Halt(_) = run.outcome {
            return Err(Error::invalid("evm workload", format!("{:?}", run.outcome)));
        }
        gas = run.gas_used;
    }
    Ok(gas)
}

#[cfg(test)]
mod tests {
    use super::evm_rounds;

    #[test]
    fn the_evm_workload_runs_from_the_same_state_each_round_and_refuses_a_failing_call() {
        // SSTORE(0, 1): a cold zero-to-nonzero write each round, as nothing is committed.
        let store = [0x60, 0x01, 0x60, 0x00, 0x55, 0x00];
        let one = evm_rounds(&store, &[], 1).unwrap();
        assert_eq!(evm_rounds(&store, &[], 3).unwrap(), one);
        assert_eq!(one, 21_000 + 3 + 3 + 22_100);
        assert!(evm_rounds(&[0xfe], &[], 1).is_err(), "an INVALID opcode halts");
    }
}

/// A recorded beacon light-client sync, decoded once: bootstrap, period updates, then the finality
/// and optimistic updates, with the clock's slot.
#[derive(Debug, Clone)]
pub struct BeaconCase {
    root: B256,
    bootstrap: crate::beacon::types::Bootstrap<crate::beacon::Mainnet>,
    updates: Vec<crate::beacon::types::Update<crate::beacon::Mainnet>>,
    now_slot: u64,
}

/// Decodes a recorded sync (beacon API JSON: the bootstrap, the `updates` list, the finality and
/// optimistic updates) whose bootstrap is `root`.
pub fn beacon_case(root: &str, bootstrap: &Value, updates: &Value, finality: &Value, optimistic: &Value, now_slot: u64) -> Result<BeaconCase> {
    use crate::beacon::{Mainnet, wire};
    let root = parse_b256("root", root)?;
    let bootstrap = wire::bootstrap_json::<Mainnet>(bootstrap)?;
    let mut list = updates.as_array().ok_or_else(|| Error::invalid("updates", "expected an array"))?.iter().map(|u| wire::update_json::<Mainnet>(wire::Kind::Update, u)).collect::<std::result::Result<Vec<_>, _>>()?;
    list.push(wire::update_json::<Mainnet>(wire::Kind::FinalityUpdate, finality)?);
    list.push(wire::update_json::<Mainnet>(wire::Kind::OptimisticUpdate, optimistic)?);
    Ok(BeaconCase { root, bootstrap, updates: list, now_slot })
}

/// Verifies the bootstrap and the first `updates` updates of `case` (every signature, branch and
/// rule); the finalized slot reached.
pub fn beacon_sync(case: &BeaconCase, updates: usize) -> Result<u64> {
    let mut client = crate::beacon::LightClient::bootstrap(crate::beacon::Network::mainnet(), case.root, case.bootstrap.clone())?;
    for update in case.updates.iter().take(updates) {
        client.process_update(update, case.now_slot)?;
    }
    Ok(client.store().finalized_header.beacon.slot)
}
