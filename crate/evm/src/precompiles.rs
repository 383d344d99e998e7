//! The precompiles of the package's first module.
//!
//! revm's precompiles reach their maths through one `dyn Crypto` (`revm::precompile::crypto()`),
//! and that vtable keeps every curve in the wasm as soon as any precompile is linked: BN254,
//! BLS12-381's MSMs and maps, P-256, modexp, BLAKE2. In the first module that was 64 KB gzipped of
//! 641 (`node scripts/build-pkg.mjs`), for precompiles a wallet's calls seldom reach. So this build
//! runs the four that signature checks and old Solidity reach itself: ecrecover (revm's k256
//! `ecrecover`), SHA-256, RIPEMD-160 and identity (revm's own), with revm's gas and input rules. A
//! call that reaches any other stops with [`Interrupted::Precompile`](crate::Interrupted): the
//! package moves the node into its full module, which runs revm's own set, and asks again. Every
//! precompile of the fork stays warm (EIP-2929), so gas is what the full set gives.

use alloy_primitives::{Address, Bytes};
use revm::context::{Cfg, ContextTr};
use revm::handler::{EthPrecompiles, PrecompileProvider, precompile_output_to_interpreter_result};
use revm::interpreter::{CallInputs, InterpreterResult};
use revm::precompile::utilities::right_pad;
use revm::precompile::{EthPrecompileOutput, EthPrecompileResult, Precompile, PrecompileHalt, PrecompileId, PrecompileSpecId, Precompiles, calc_linear_cost, eth_precompile_fn, u64_to_address};
use revm::primitives::AddressSet;
use revm::primitives::hardfork::SpecId;
use std::sync::OnceLock;

/// A precompile set a run can tell stopped it: the address of a precompile this build leaves to the
/// full module.
pub trait Reached {
    /// The precompile a run reached that this set does not run.
    fn reached(&self) -> Option<Address>;
}

impl Reached for EthPrecompiles {
    fn reached(&self) -> Option<Address> {
        None
    }
}

/// ecrecover, SHA-256, RIPEMD-160 and identity run here; the fork's other precompiles stop the run.
#[derive(Debug)]
pub struct FirstModule {
    spec: SpecId,
    runs: &'static Precompiles,
    warm: AddressSet,
    reached: Option<Address>,
}

impl FirstModule {
    /// The set for `spec`.
    pub fn new(spec: SpecId) -> Self {
        // Built once, as revm keeps its own sets: a run (an estimate's binary search makes dozens)
        // only looks them up.
        static RUNS: OnceLock<Precompiles> = OnceLock::new();
        let runs = RUNS.get_or_init(|| {
            let mut runs = Precompiles::default();
            runs.extend([ECRECOVER, SHA256, RIPEMD160, revm::precompile::identity::FUN]);
            runs
        });
        Self { spec, runs, warm: addresses(PrecompileSpecId::from_spec_id(spec)), reached: None }
    }
}

impl Reached for FirstModule {
    fn reached(&self) -> Option<Address> {
        self.reached
    }
}

impl<CTX: ContextTr> PrecompileProvider<CTX> for FirstModule {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: <CTX::Cfg as Cfg>::Spec) -> bool {
        let spec = spec.into();
        if spec == self.spec {
            return false;
        }
        self.spec = spec;
        self.warm = addresses(PrecompileSpecId::from_spec_id(spec));
        true
    }

    fn run(&mut self, context: &mut CTX, inputs: &CallInputs) -> Result<Option<InterpreterResult>, String> {
        let address = inputs.bytecode_address;
        let Some(precompile) = self.runs.get(&address) else {
            if !self.warm.contains(&address) {
                return Ok(None);
            }
            self.reached = Some(address);
            return Err(format!("the precompile at {address} runs in the full module"));
        };
        let output = precompile.execute(&inputs.input.as_bytes(context), inputs.gas_limit, inputs.reservoir).map_err(|e| e.to_string())?;
        Ok(Some(precompile_output_to_interpreter_result(output, inputs.gas_limit)))
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }
}

/// The precompiles' addresses at `spec`, as revm's `Precompiles::new` places them (asking revm
/// would link every precompile).
fn addresses(spec: PrecompileSpecId) -> AddressSet {
    let mut last = 4;
    for (fork, up_to) in [(PrecompileSpecId::BYZANTIUM, 8), (PrecompileSpecId::ISTANBUL, 9), (PrecompileSpecId::CANCUN, 0x0a), (PrecompileSpecId::PRAGUE, 0x11)] {
        if spec >= fork {
            last = up_to;
        }
    }
    let mut set: AddressSet = (1..=last).map(u64_to_address).collect();
    if spec >= PrecompileSpecId::OSAKA {
        set.insert(u64_to_address(0x100));
    }
    set
}

eth_precompile_fn!(ecrecover_precompile, ecrecover_run);
eth_precompile_fn!(sha256_precompile, sha256_run);
eth_precompile_fn!(ripemd160_precompile, ripemd160_run);

const ECRECOVER: Precompile = Precompile::new(PrecompileId::EcRec, u64_to_address(1), ecrecover_precompile);
const SHA256: Precompile = Precompile::new(PrecompileId::Sha256, u64_to_address(2), sha256_precompile);
const RIPEMD160: Precompile = Precompile::new(PrecompileId::Ripemd160, u64_to_address(3), ripemd160_precompile);

/// revm's `ec_recover_run` over its k256 `ecrecover`: 3,000 gas; `v` a 32-byte 27 or 28, else an
/// empty answer, as is a signature that recovers nothing.
fn ecrecover_run(input: &[u8], gas_limit: u64) -> EthPrecompileResult {
    const GAS: u64 = 3_000;
    if GAS > gas_limit {
        return Err(PrecompileHalt::OutOfGas);
    }
    let input = right_pad::<128>(input);
    let (msg, rest) = input.split_at(32);
    let (v, sig) = rest.split_at(32);
    if !(v[..31].iter().all(|&b| b == 0) && matches!(v[31], 27 | 28)) {
        return Ok(EthPrecompileOutput::new(GAS, Bytes::new()));
    }
    let recovered = revm::precompile::secp256k1::ecrecover(&sig.try_into().unwrap_or_default(), v[31] - 27, &msg.try_into().unwrap_or_default());
    Ok(EthPrecompileOutput::new(GAS, recovered.map(|address| Bytes::copy_from_slice(address.as_slice())).unwrap_or_default()))
}

/// 60 gas and 12 a word.
fn sha256_run(input: &[u8], gas_limit: u64) -> EthPrecompileResult {
    use sha2::Digest;
    let gas = calc_linear_cost(input.len(), 60, 12);
    if gas > gas_limit {
        return Err(PrecompileHalt::OutOfGas);
    }
    Ok(EthPrecompileOutput::new(gas, Bytes::copy_from_slice(&sha2::Sha256::digest(input))))
}

/// 600 gas and 120 a word; the 20-byte hash left-padded to a word.
fn ripemd160_run(input: &[u8], gas_limit: u64) -> EthPrecompileResult {
    use ripemd::Digest;
    let gas = calc_linear_cost(input.len(), 600, 120);
    if gas > gas_limit {
        return Err(PrecompileHalt::OutOfGas);
    }
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(&ripemd::Ripemd160::digest(input));
    Ok(EthPrecompileOutput::new(gas, Bytes::copy_from_slice(&word)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Interrupted, Missing, Outcome, run_with};
    use alloy_primitives::{B256, U256, keccak256};
    use k256::ecdsa::SigningKey;
    use revm::context::{BlockEnv, TxEnv};
    use revm::handler::EthPrecompiles;
    use revm::primitives::{HashMap, TxKind};
    use revm::state::{AccountInfo, Bytecode};

    /// Deterministic bytes: keccak over a counter.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        (0..len.div_ceil(32) as u64).flat_map(|i| keccak256([seed.to_be_bytes(), i.to_be_bytes()].concat()).0).take(len).collect()
    }

    fn word(n: u64) -> [u8; 32] {
        U256::from(n).to_be_bytes()
    }

    /// ecrecover inputs: a signature that recovers, its high-s twin, a wrong `v`, a `v` with a
    /// high byte set, r = 0, r past the order, short, long and random inputs.
    fn ecrecover_inputs() -> Vec<Vec<u8>> {
        let key = SigningKey::from_slice(&keccak256(b"key").0).unwrap();
        let msg = keccak256(b"message");
        let (sig, recid) = key.sign_prehash_recoverable(msg.as_slice()).unwrap();
        let (r, s) = (sig.r().to_bytes(), sig.s().to_bytes());
        let order = U256::from_be_slice(&hex_order());
        let high_s = (order - U256::from_be_slice(&s)).to_be_bytes::<32>();
        let v = 27 + u64::from(recid.to_byte());
        let input = |v: [u8; 32], r: &[u8], s: &[u8]| [msg.as_slice(), &v, r, s].concat();
        let mut high_v = word(v);
        high_v[0] = 1;
        let mut inputs = vec![
            input(word(v), &r, &s),
            input(word(55 - v), &r, &high_s),
            input(word(55 - v), &r, &s),
            input(word(v + 2), &r, &s),
            input(high_v, &r, &s),
            input(word(v), &[0; 32], &s),
            input(word(v), &hex_order(), &s),
            input(word(v), &r, &s)[..100].to_vec(),
            [input(word(v), &r, &s), vec![7; 40]].concat(),
            Vec::new(),
        ];
        inputs.extend((0..20).map(|i| bytes(i, 128)));
        inputs.extend((0..20).map(|i| [bytes(i, 32), word(27 + i % 2).to_vec(), bytes(i + 100, 64)].concat()));
        inputs
    }

    /// secp256k1's group order.
    fn hex_order() -> [u8; 32] {
        B256::from_slice(&alloy_primitives::hex!("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")).0
    }

    #[test]
    fn the_first_modules_precompiles_answer_as_revms_own() {
        let revm = revm::precompile::Precompiles::new(PrecompileSpecId::OSAKA);
        let ours = FirstModule::new(SpecId::OSAKA);
        let mut cases: Vec<(u64, Vec<u8>)> = ecrecover_inputs().into_iter().map(|input| (1, input)).collect();
        for address in 2..=4 {
            cases.extend([0, 1, 31, 32, 33, 64, 100, 1000].into_iter().map(|len| (address, bytes(address * 1000 + len as u64, len))));
        }
        for (address, input) in cases {
            let (theirs, mine) = (revm.get(&u64_to_address(address)).unwrap(), ours.runs.get(&u64_to_address(address)).unwrap());
            let cost = theirs.execute(&input, u64::MAX, 0).unwrap().gas_used;
            for gas in [0, cost - 1, cost, cost + 1, u64::MAX] {
                assert_eq!(mine.execute(&input, gas, 0), theirs.execute(&input, gas, 0), "precompile {address}, {} bytes, gas {gas}", input.len());
            }
        }
    }

    #[test]
    fn the_recovered_address_is_the_signers_high_s_or_not() {
        let key = SigningKey::from_slice(&keccak256(b"key").0).unwrap();
        let signer = keccak256(&key.verifying_key().to_encoded_point(false).as_bytes()[1..]);
        let inputs = ecrecover_inputs();
        for input in &inputs[..2] {
            let out = ecrecover_run(input, 3_000).unwrap();
            assert_eq!(&out.bytes[12..], &signer[12..]);
        }
        let other = ecrecover_run(&inputs[2], 3_000).unwrap().bytes;
        assert!(other.len() == 32 && other[12..] != signer[12..], "the other recovery id recovers another key");
        assert!(ecrecover_run(&inputs[3], 3_000).unwrap().bytes.is_empty(), "v = 29");
    }

    #[test]
    fn every_fork_warms_the_precompiles_revm_places() {
        for spec in (0..=u8::MAX).filter_map(SpecId::try_from_u8) {
            let spec = PrecompileSpecId::from_spec_id(spec);
            assert_eq!(addresses(spec), *revm::precompile::Precompiles::new(spec).addresses_set(), "{spec:?}");
        }
    }

    /// Accounts in memory; anything else is empty.
    struct Accounts(HashMap<Address, AccountInfo>);

    impl revm::Database for Accounts {
        type Error = Missing;
        fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, Missing> {
            Ok(self.0.get(&address).cloned())
        }
        fn code_by_hash(&mut self, hash: B256) -> Result<Bytecode, Missing> {
            Ok(self.0.values().find(|a| a.code_hash == hash).and_then(|a| a.code.clone()).unwrap_or_default())
        }
        fn storage(&mut self, _: Address, _: U256) -> Result<U256, Missing> {
            Ok(U256::ZERO)
        }
        fn block_hash(&mut self, number: u64) -> Result<B256, Missing> {
            Err(Missing::BlockHash(number))
        }
    }

    const CALLER: Address = Address::repeat_byte(0xca);
    const PROBE: Address = Address::repeat_byte(0xc0);

    /// A call to PROBE, whose code STATICCALLs `target` with `input` and returns what it answered,
    /// having read the balance of every precompile (warm or cold costs differ).
    fn call_through(precompiles: impl for<'a> crate::RunPrecompiles<'a>, target: u64, input: &[u8]) -> Result<(Outcome, u64), Interrupted> {
        let mut code = Vec::new();
        for address in (1..=0x11).chain([0x100]) {
            code.extend([0x61, (address >> 8) as u8, address as u8, 0x31, 0x50]); // PUSH2 a BALANCE POP
        }
        for (i, chunk) in input.chunks(32).enumerate() {
            let mut padded = [0; 32];
            padded[..chunk.len()].copy_from_slice(chunk);
            code.push(0x7f); // PUSH32 chunk, PUSH2 offset, MSTORE
            code.extend(padded);
            code.extend([0x61, (i * 32 >> 8) as u8, (i * 32) as u8, 0x52]);
        }
        let len = input.len() as u16;
        // STATICCALL(gas, target, 0, len, 0, 0), then RETURNDATACOPY all and RETURN it.
        code.extend([0x60, 0, 0x60, 0, 0x61, (len >> 8) as u8, len as u8, 0x60, 0, 0x61, (target >> 8) as u8, target as u8, 0x5a, 0xfa, 0x50]);
        code.extend([0x3d, 0x60, 0, 0x60, 0, 0x3e, 0x3d, 0x60, 0, 0xf3]);
        let code = Bytecode::new_raw(code.into());
        let mut db = Accounts(HashMap::from_iter([(PROBE, AccountInfo::default().with_code(code))]));
        let tx = TxEnv { caller: CALLER, kind: TxKind::Call(PROBE), gas_limit: 10_000_000, ..Default::default() };
        let ex = run_with(precompiles, &mut db, SpecId::OSAKA, 1, BlockEnv::default(), tx)?;
        Ok((ex.outcome, ex.gas_used))
    }

    #[test]
    fn a_call_reaching_a_precompile_the_first_module_runs_gives_the_full_sets_answer_and_gas() {
        for (target, input) in [(1, ecrecover_inputs()[0].clone()), (2, b"abc".to_vec()), (3, b"abc".to_vec()), (4, bytes(4, 70))] {
            let full = call_through(EthPrecompiles::new(SpecId::OSAKA), target, &input).unwrap();
            assert!(matches!(&full.0, Outcome::Success(out) if !out.is_empty()), "{target}: {full:?}");
            assert_eq!(call_through(FirstModule::new(SpecId::OSAKA), target, &input).unwrap(), full, "precompile {target}");
        }
    }

    #[test]
    fn a_call_reaching_any_other_precompile_stops_naming_it() {
        for target in (5..=0x11).chain([0x100]) {
            assert!(call_through(EthPrecompiles::new(SpecId::OSAKA), target, &bytes(target, 64)).is_ok());
            match call_through(FirstModule::new(SpecId::OSAKA), target, &bytes(target, 64)) {
                Err(Interrupted::Precompile(address)) => assert_eq!(address, u64_to_address(target)),
                other => panic!("precompile {target}: {other:?}"),
            }
        }
        assert!(call_through(FirstModule::new(SpecId::OSAKA), 0x12, b"").is_ok(), "0x12 is no precompile: an empty account");
    }
}
