// The bench: proof and header verification natively, in wasm under Node and in headless Chromium, and
// @ethereumjs/mpt on the same proofs; MetisVM against @ethereumjs/evm; block re-execution, calls and
// MetisDB; all in one run. Prints figures and ratios; asserts nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { verifyMerkleProof } from '@ethereumjs/mpt';
import { hexToBytes } from '@ethereumjs/util';
import { serve } from './serve.mjs';
import { launchBrowser } from '../tests-wasm/harness/browser.mjs';
import { startAnvil } from '../tests-wasm/harness/anvil.mjs';
import { seedDevnet } from '../tests-wasm/harness/seed.mjs';
import { seedMixedBlock } from '../tests-wasm/harness/mixed.mjs';
import { ejsEvmWorkload, evmInputs, evmWorkload, intrinsicGas } from './bench-evm.mjs';
import { beaconDir, beaconRecording, beaconRoot, cases, flatProofs, headers, hiveChain, hiveDir, hiveGenesis } from './bench-inputs.mjs';

const root = new URL('..', import.meta.url).pathname;
console.error('building the wasm package and the native bench binary...');
execFileSync('node', [join(root, 'scripts/build-pkg.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync('cargo', ['build', '--release', '-q', '-p', 'metis-lightnode', '--bin', 'metis-lightnode'], { cwd: root, stdio: 'inherit' });
// The package's entry and its bench helpers (`metis-lightnode/bench`), on one module.
const { default: init, ...ml } = { ...(await import('../pkg/index.js')), ...(await import('../pkg/bench.js')) };

await init();
const flat = flatProofs(ml.verifyAccountProof);

async function timeUntilStable(work) {
  for (let rounds = 1; ; rounds *= 2) {
    const start = performance.now();
    const items = await work(rounds);
    const ms = performance.now() - start;
    if (ms >= 500 || rounds >= 1 << 22) return { items, ms };
  }
}

// The wasm workload; the same function body runs in Node and, serialized, in Chromium.
async function wasmWorkload(ml, cases, headers, flat) {
  const timeUntil = async (work) => {
    for (let rounds = 1; ; rounds *= 2) {
      const start = performance.now();
      const items = work(rounds);
      const ms = performance.now() - start;
      if (ms >= 500 || rounds >= 1 << 22) return { items, ms };
    }
  };
  const core = await timeUntil((r) => ml.benchVerifyProofs(cases, r));
  const api = await timeUntil((r) => {
    for (let i = 0; i < r; i += 1) for (const f of flat) ml.verifyMptProof(f.root, f.key, f.proof);
    return r * flat.length;
  });
  const hdr = await timeUntil((r) => ml.benchVerifyHeaders(headers, r));
  return { proofMicros: (core.ms * 1000) / core.items, apiProofMicros: (api.ms * 1000) / api.items, headersPerSecond: hdr.items / (hdr.ms / 1000) };
}

const dir = mkdtempSync(join(tmpdir(), 'ml-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
writeFileSync(join(dir, 'headers.json'), JSON.stringify(headers));
const native = JSON.parse(execFileSync(join(root, 'target/release/metis-lightnode'), ['bench', join(dir, 'cases.json'), join(dir, 'headers.json')], { encoding: 'utf8' }));

// Steady state: a first pass lets V8 tier the wasm up (Chromium's figures come after the same warm-up).
await wasmWorkload(ml, cases, headers, flat);
const node = await wasmWorkload(ml, cases, headers, flat);

// Block re-execution: the hive chain replayed from its genesis, then only its trie work (changes into
// the tries, roots) redone, to give that work's share.
async function execWorkload(ml, genesis, chain) {
  const bench = new ml.HiveBench(genesis, new Uint8Array(chain));
  // A first replay lets the engine tier the wasm up before the clock runs.
  let count = bench.replay();
  const timeUntil = (work) => {
    for (let rounds = 1; ; rounds *= 2) {
      const start = performance.now();
      for (let i = 0; i < rounds; i += 1) work();
      const ms = performance.now() - start;
      if (ms >= 500 || rounds >= 1 << 16) return ms / rounds;
    }
  };
  const replayMs = timeUntil(() => { count = bench.replay(); });
  const rootsMs = timeUntil(() => bench.roots());
  const rulesMs = timeUntil(() => bench.headerRules(100));
  return { ...count, replayMs, rootsMs, gasPerSecond: count.gas / (replayMs / 1000), headerRulesPerSecond: ((count.blocks - 1) * 100) / (rulesMs / 1000) };
}
// The SIMD build against the scalar one (what engines without wasm SIMD load), each its own instance of
// the glue, in alternating rounds after a warm-up (V8 tiers wasm up while it runs); best of five. The
// same function body runs in Node and, serialized, in Chromium (where MetisDB is IndexedDB).
async function compareBuilds(builds, inputs) {
  const per = (work, items) => {
    for (let rounds = 1; ; rounds *= 2) {
      const start = performance.now();
      work(rounds);
      const ms = performance.now() - start;
      if (ms >= 100 || rounds >= 1 << 20) return (ms * 1000) / (rounds * items);
    }
  };
  const workloads = {
    keccak32: (b) => per((r) => b.benchHash('keccak256', 32, 64, r), 64),
    keccak136: (b) => per((r) => b.benchHash('keccak256', 136, 64, r), 64),
    keccak532: (b) => per((r) => b.benchHash('keccak256', 532, 64, r), 64),
    sha256: (b) => per((r) => b.benchHash('sha256', 64, 512, r), 512),
    mainnetAnswers: (b) => per((r) => b.benchAccountProofs(inputs.cases, r), inputs.cases.length),
    slots50: (b) => per((r) => b.benchAccountProofs([inputs.slots50], r), 1),
    replay: (b) => {
      const hive = new b.HiveBench(inputs.hiveGenesis, new Uint8Array(inputs.hiveChain));
      return per(() => hive.replay(), 1) / 1000;
    },
    period: (b) => {
      const bench = new b.BeaconBench(inputs.beaconRecording);
      return (per((r) => { for (let i = 0; i < r; i += 1) bench.sync(1); }, 1) - per((r) => { for (let i = 0; i < r; i += 1) bench.sync(0); }, 1)) / 1000;
    },
  };
  const best = {};
  for (let round = 0; round < 6; round += 1) {
    for (const [name, build] of Object.entries(builds)) {
      best[name] ??= {};
      for (const [key, work] of Object.entries(workloads)) {
        const x = work(build);
        if (round > 0) best[name][key] = Math.min(best[name][key] ?? Infinity, x);
      }
      if (typeof indexedDB !== 'undefined') {
        const store = await build.benchStore(10_000);
        if (round > 0) best[name].storeCheck = Math.min(best[name].storeCheck ?? Infinity, store.checkMs);
      }
    }
  }
  return best;
}
const nativeExec = JSON.parse(execFileSync(join(root, 'target/release/metis-lightnode'), ['bench-exec', join(hiveDir, 'genesis.json'), join(hiveDir, 'chain.rlp')], { encoding: 'utf8' }));
const nodeExec = await execWorkload(ml, hiveGenesis, hiveChain);

// The EVM alone: the Workload contract's run(2000), MetisVM against @ethereumjs/evm.
const evm = evmInputs(2000);
const nativeEvm = JSON.parse(execFileSync(join(root, 'target/release/metis-lightnode'), ['bench-evm', evm.code, evm.data], { encoding: 'utf8' }));
const nodeEvm = evmWorkload(ml, evm.code, evm.data);
const ejsEvm = await ejsEvmWorkload(evm.code, evm.data);

// Cold and warm eth_call / eth_getBalance against the same seeded anvil: wall time and round trips.
async function callWorkload(LightNode, { rpc, checkpoint, to, data, account, block }) {
  const measure = async (method, params) => {
    const node = await LightNode.create({ chain: 'devnet', rpc, checkpoint });
    let trips = node.roundTrips;
    let start = performance.now();
    await node.request({ method, params });
    const cold = { ms: performance.now() - start, trips: node.roundTrips - trips };
    trips = node.roundTrips;
    start = performance.now();
    for (let i = 0; i < 20; i += 1) await node.request({ method, params });
    return { cold, warm: { ms: (performance.now() - start) / 20, trips: (node.roundTrips - trips) / 20 } };
  };
  return { call: await measure('eth_call', [{ to, data }, block]), balance: await measure('eth_getBalance', [account, block]) };
}

const anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
const seed = await seedDevnet(anvil.url);
const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
const callConfig = {
  rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash }, to: seed.token, account: seed.sender,
  // balanceOf(authority)
  data: `0x70a08231${seed.authority.slice(2).padStart(64, '0')}`, block: await anvil.rpc('eth_blockNumber', []),
};
const nativeCalls = JSON.parse(execFileSync(join(root, 'target/release/metis-lightnode'), [
  'bench-calls', '--chain', 'devnet', '--rpc', anvil.url, '--checkpoint', `0:${genesis.hash}`,
  '--to', callConfig.to, '--data', callConfig.data, '--account', callConfig.account, '--block', callConfig.block,
], { encoding: 'utf8' }));
const nodeCalls = await callWorkload(ml.LightNode, callConfig);
const mixed = await seedMixedBlock(anvil.url, seed);
// A cold verifyBlockExecution of the 14-transaction block: witness proven over RPC, then re-executed.
async function blockWorkload(LightNode, { rpc, checkpoint }, number) {
  const node = await LightNode.create({ chain: 'devnet', rpc, checkpoint });
  const trips = node.roundTrips;
  const start = performance.now();
  const report = await node.verifyBlockExecution(number);
  return { ms: performance.now() - start, trips: node.roundTrips - trips, report };
}
const nodeBlock = await blockWorkload(ml.LightNode, callConfig, Number(mixed.first));
const storeDir = mkdtempSync(join(tmpdir(), 'ml-store-'));
process.on('exit', () => rmSync(storeDir, { recursive: true, force: true }));
const nativeStore = JSON.parse(execFileSync(join(root, 'target/release/metis-lightnode'), ['bench-store', join(storeDir, 'bench.redb'), '10000'], { encoding: 'utf8' }));

const nativeBeacon = JSON.parse(execFileSync(join(root, 'target/release/metis-lightnode'), ['bench-beacon', beaconDir, beaconRoot, '7109432'], { encoding: 'utf8' }));
// The same function body runs in Node and, serialized, in Chromium.
async function beaconWorkload(ml, recording) {
  const bench = new ml.BeaconBench(recording);
  const per = (n) => {
    for (let rounds = 1; ; rounds *= 2) {
      const start = performance.now();
      for (let i = 0; i < rounds; i++) bench.sync(n);
      const ms = performance.now() - start;
      if (ms >= 500 || rounds >= 1 << 16) return ms / rounds;
    }
  };
  per(recording.updates.length + 2);
  const bootstrapMs = per(0);
  return { bootstrapMs, periodMs: per(1) - bootstrapMs, syncMs: per(recording.updates.length + 2) };
}
const nodeBeacon = await beaconWorkload(ml, beaconRecording);

// An eth_getProof of 50 storage slots: an account given 50 slots on the bench's anvil.
const holder = '0x00000000000000000000000000000000000b0050';
const slotKeys = Array.from({ length: 50 }, (_, i) => `0x${(i * 7919 + 1).toString(16).padStart(64, '0')}`);
for (const [i, key] of slotKeys.entries()) await anvil.rpc('anvil_setStorageAt', [holder, key, `0x${(i + 1).toString(16).padStart(64, '0')}`]);
await anvil.rpc('evm_mine', []);
const slotsBlock = await anvil.rpc('eth_getBlockByNumber', ['latest', false]);
const slots50 = { stateRoot: slotsBlock.stateRoot, proof: await anvil.rpc('eth_getProof', [holder, slotKeys, slotsBlock.number]) };
const compareInputs = { cases, slots50, hiveGenesis, hiveChain, beaconRecording };
const scalarMl = await import('../pkg/metis_lightnode_full.js?scalar');
await scalarMl.default({ module_or_path: readFileSync(join(root, 'pkg/metis_lightnode_full_scalar_bg.wasm')) });
// The full module's glue, as bench.js initialised it (same module, same instance), holds every bench export.
const builds = await compareBuilds({ simd: await import('../pkg/metis_lightnode_full.js'), scalar: scalarMl }, compareInputs);

const server = await serve(root, 0);
const browser = await launchBrowser();
let chromium;
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  chromium = await page.evaluate(async ({ compareSrc, compareInputs, src, callSrc, execSrc, blockSrc, evmSrc, beaconSrc, beaconRecording, evm, callConfig, cases, headers, flat, hiveGenesis, hiveChain, mixedBlock }) => {
    const ml = { ...(await import('/pkg/index.js')), ...(await import('/pkg/bench.js')) };
    await ml.default();
    const fn = (text) => new Function(`return (${text})`)();
    await fn(src)(ml, cases, headers, flat);
    return {
      ...(await fn(src)(ml, cases, headers, flat)),
      calls: await fn(callSrc)(ml.LightNode, callConfig),
      exec: await fn(execSrc)(ml, hiveGenesis, hiveChain),
      evm: await fn(evmSrc)(ml, evm.code, evm.data),
      block: await fn(blockSrc)(ml.LightNode, callConfig, mixedBlock),
      store: await ml.benchStore(10_000),
      beacon: await fn(beaconSrc)(ml, beaconRecording),
      builds: await (async () => {
        const scalar = await import('/pkg/metis_lightnode_full.js?scalar');
        await scalar.default({ module_or_path: '/pkg/metis_lightnode_full_scalar_bg.wasm' });
        return fn(compareSrc)({ simd: await import('/pkg/metis_lightnode_full.js'), scalar }, compareInputs);
      })(),
    };
  }, {
    compareSrc: compareBuilds.toString(), compareInputs, src: wasmWorkload.toString(), callSrc: callWorkload.toString(), execSrc: execWorkload.toString(), blockSrc: blockWorkload.toString(), evmSrc: evmWorkload.toString(), evm,
    beaconSrc: beaconWorkload.toString(), beaconRecording,
    callConfig, cases, headers, flat, hiveGenesis, hiveChain, mixedBlock: Number(mixed.first),
  });
} finally {
  await browser.close();
  await server.close();
  await anvil.stop();
}

const ejsInputs = flat.map((f) => ({ key: hexToBytes(f.key), proof: f.proof.map(hexToBytes) }));
const ejs = await timeUntilStable(async (rounds) => {
  for (let i = 0; i < rounds; i += 1) for (const f of ejsInputs) await verifyMerkleProof(f.key, f.proof);
  return rounds * ejsInputs.length;
});
const ejsMicros = (ejs.ms * 1000) / ejs.items;
// The same input our JS API takes: the hex strings eth_getProof returns.
const ejsHex = await timeUntilStable(async (rounds) => {
  for (let i = 0; i < rounds; i += 1) for (const f of flat) await verifyMerkleProof(hexToBytes(f.key), f.proof.map(hexToBytes));
  return rounds * flat.length;
});
const ejsHexMicros = (ejsHex.ms * 1000) / ejsHex.items;

const wasmPath = join(root, 'pkg/metis_lightnode_bg.wasm');
const wasmBytes = readFileSync(wasmPath);
const f = (n, d = 2) => n.toFixed(d);
const rows = [
  ['proof verify, core (us/proof)', f(native.proofMicros), f(node.proofMicros), f(chromium.proofMicros)],
  ['proof verify, JS API call (us/proof)', '-', f(node.apiProofMicros), f(chromium.apiProofMicros)],
  ['headers verified per second', f(native.headersPerSecond, 0), f(node.headersPerSecond, 0), f(chromium.headersPerSecond, 0)],
];
console.log(`\nmetis-lightnode bench: ${flat.length} mainnet proofs (${cases.length} eth_getProof answers), ${headers.length} mainnet headers\n`);
console.log(['workload', 'native', 'wasm/Node', 'wasm/Chromium'].map((s, i) => s.padEnd(i ? 14 : 40)).join(''));
for (const r of rows) console.log(r.map((s, i) => String(s).padEnd(i ? 14 : 40)).join(''));
console.log(`\n@ethereumjs/mpt verifyMerkleProof (Node): ${f(ejsMicros)} us/proof from bytes, ${f(ejsHexMicros)} us/proof from the RPC hex strings`);
console.log('\nratios:');
console.log(`  wasm core vs native, proofs:      Node ${f(node.proofMicros / native.proofMicros)}x, Chromium ${f(chromium.proofMicros / native.proofMicros)}x   (target <= 1.5x)`);
console.log(`  @ethereumjs/mpt vs wasm, same hex input through each JS API: ${f(ejsHexMicros / node.apiProofMicros, 1)}x slower (Node)   (target >= 10x)`);
console.log(`  @ethereumjs/mpt from bytes vs wasm core:                   ${f(ejsMicros / node.proofMicros, 1)}x slower (Node), ${f(ejsMicros / chromium.proofMicros, 1)}x vs Chromium`);
console.log(`  headers, wasm vs native:          Node ${f(native.headersPerSecond / node.headersPerSecond)}x, Chromium ${f(native.headersPerSecond / chromium.headersPerSecond)}x slower`);
console.log(`\nwasm size: first module ${(statSync(wasmPath).size / 1024).toFixed(0)} KB raw, ${(gzipSync(wasmBytes, { level: 9 }).length / 1024).toFixed(0)} KB gzipped (target ~450 KB gzipped); full module (on first use) ${(gzipSync(readFileSync(join(root, 'pkg/metis_lightnode_full_bg.wasm')), { level: 9 }).length / 1024).toFixed(0)} KB gzipped`);

console.log('\ncold and warm calls against a local anvil (ms per call, RPC round trips per call):');
const c = (x) => `${f(x.ms, 1)} ms / ${x.trips} rt`;
console.log(['', 'native', 'wasm/Node', 'wasm/Chromium'].map((s, i) => s.padEnd(i ? 20 : 26)).join(''));
for (const [name, key] of [['eth_call', 'call'], ['eth_getBalance', 'balance']]) {
  const nat = (w) => ({ ms: nativeCalls[`${key}${w}Ms`], trips: nativeCalls[`${key}${w}RoundTrips`] });
  console.log([`${name} cold`, c(nat('Cold')), c(nodeCalls[key].cold), c(chromium.calls[key].cold)].map((s, i) => s.padEnd(i ? 20 : 26)).join(''));
  console.log([`${name} warm`, c(nat('Warm')), c(nodeCalls[key].warm), c(chromium.calls[key].warm)].map((s, i) => s.padEnd(i ? 20 : 26)).join(''));
}
console.log('targets: a cold eth_call in <= 2 round trips, a warm one in 0');

console.log(`\nblock validation (header rules, bodies, re-execution): the hive chain from genesis (${nativeExec.blocks} blocks, ${nativeExec.transactions} transactions, ${f(nativeExec.gas / 1e6, 1)} Mgas, Frontier to BPO2):`);
console.log(['', 'native', 'wasm/Node', 'wasm/Chromium'].map((s, i) => s.padEnd(i ? 16 : 34)).join(''));
console.log(['ms per replay of all blocks', f(nativeExec.replayMs, 1), f(nodeExec.replayMs, 1), f(chromium.exec.replayMs, 1)].map((s, i) => String(s).padEnd(i ? 16 : 34)).join(''));
console.log(['headers/s through header rules', f(nativeExec.headerRulesPerSecond, 0), f(nodeExec.headerRulesPerSecond, 0), f(chromium.exec.headerRulesPerSecond, 0)].map((s, i) => String(s).padEnd(i ? 16 : 34)).join(''));
console.log(['Mgas per second', f(nativeExec.gasPerSecond / 1e6, 0), f(nodeExec.gasPerSecond / 1e6, 0), f(chromium.exec.gasPerSecond / 1e6, 0)].map((s, i) => String(s).padEnd(i ? 16 : 34)).join(''));
const share = (x) => `${f((100 * x.rootsMs) / x.replayMs, 1)}%`;
console.log(['share in tries and roots', share(nativeExec), share(nodeExec), share(chromium.exec)].map((s, i) => String(s).padEnd(i ? 16 : 34)).join(''));
console.log(`  ratio: Chromium ${f(chromium.exec.replayMs / nativeExec.replayMs)}x native, Node ${f(nodeExec.replayMs / nativeExec.replayMs)}x   (target: browser within 2x)`);
const wb = (x) => `${f(x.ms, 1)} ms, ${x.trips} round trips (${x.report.accountsProven} accounts and ${x.report.slotsProven} slots proven in ${x.report.witnessRounds} batches)`;
console.log(`  a cold verifyBlockExecution of a ${nodeBlock.report.transactions}-transaction anvil block: Node ${wb(nodeBlock)}; Chromium ${wb(chromium.block)}`);
const witnessProofs = nodeBlock.report.accountsProven + nodeBlock.report.slotsProven;
console.log(`  proof checking in it, at the measured per-proof cost: ~${f((witnessProofs * node.proofMicros) / 1000, 2)} ms in Node (${witnessProofs} proofs x ${f(node.proofMicros)} us)`);

console.log(`\nthe EVM alone: Workload.run(2000), ${f(nativeEvm.gas / 1e6, 2)} Mgas per call under Prague (contracts/bench/Workload.sol: hashing, arithmetic, memory, storage):`);
const evmRow = (name, x) => `  ${name.padEnd(26)}${f(x.callMs, 2).padStart(9)} ms per call  ${f(nativeEvm.gas / (x.callMs / 1e3) / 1e6, 0).padStart(6)} Mgas/s`;
for (const [name, x] of [['MetisVM native', nativeEvm], ['MetisVM wasm/Node', nodeEvm], ['MetisVM wasm/Chromium', chromium.evm], ['@ethereumjs/evm (Node)', ejsEvm]]) console.log(evmRow(name, x));
console.log(`  same gas: ${nodeEvm.gas === chromium.evm.gas && nodeEvm.gas === nativeEvm.gas && ejsEvm.gas + intrinsicGas(evm.data) === nodeEvm.gas ? 'yes' : `no (MetisVM ${nodeEvm.gas}, @ethereumjs/evm ${ejsEvm.gas} + ${intrinsicGas(evm.data)} intrinsic)`}`);
console.log(`  ratio: @ethereumjs/evm is ${f(ejsEvm.callMs / nodeEvm.callMs, 1)}x slower than MetisVM in wasm (Node), ${f(ejsEvm.callMs / chromium.evm.callMs, 1)}x than in Chromium   (target >= 15x)`);

console.log(`\nbeacon light client, helios's mainnet recording (${nativeBeacon.updates} updates over 6 periods; every signature and branch checked):`);
const bb = (key, d) => `native ${f(nativeBeacon[key], d)} ms, wasm/Node ${f(nodeBeacon[key], d)} ms, wasm/Chromium ${f(chromium.beacon[key], d)} ms`;
console.log(`  bootstrap (committee branch):   ${bb('bootstrapMs', 2)}`);
console.log(`  one period's update:            ${bb('periodMs', 2)}`);
console.log(`  the whole 6-period sync:        ${bb('syncMs', 1)}   (helios reports ~2.5 s for its browser sync)`);

console.log('\nthe SIMD build against the scalar build, side by side (best of 5 alternating rounds; ratio = scalar / SIMD):');
const simdRows = [
  ['keccak256, batches of 64 x 32 B (us/hash)', 'keccak32', 3, 1.6],
  ['keccak256, batches of 64 x 136 B (us/hash)', 'keccak136', 3, 1.6],
  ['keccak256, batches of 64 x 532 B (us/hash)', 'keccak532', 3, 1.6],
  ['sha256, batches of 512 x 64 B (us/hash)', 'sha256', 3, 2.5],
  [`eth_getProof answers, mainnet (us/answer)`, 'mainnetAnswers', 1],
  ['eth_getProof, 50 storage slots (us/answer)', 'slots50', 1],
  ['hive chain replay (ms)', 'replay', 1],
  ['one sync-committee period (ms)', 'period', 2],
  ['MetisDB check: re-hash 10k nodes (ms)', 'storeCheck', 1],
];
console.log(['', 'Node SIMD', 'scalar', 'ratio', 'Chromium SIMD', 'scalar', 'ratio', 'target'].map((s, i) => s.padEnd(i ? 13 : 46)).join(''));
for (const [label, key, d, target] of simdRows) {
  const cell = (b) => (b.simd[key] === undefined ? ['-', '-', '-'] : [f(b.simd[key], d), f(b.scalar[key], d), `${f(b.scalar[key] / b.simd[key])}x`]);
  console.log([label, ...cell(builds), ...cell(chromium.builds), target ? `>= ${target}x` : ''].map((s, i) => String(s).padEnd(i ? 13 : 46)).join(''));
}

console.log('\nMetisDB, 10,000 trie-node-sized entries in batches of 1000 (targets: >= 20k nodes/s to IndexedDB, reopen <= 200 ms):');
console.log(`  native redb file:    ${f(nativeStore.writeNodesPerSecond, 0)} nodes/s written, reopen ${f(nativeStore.reopenMs, 1)} ms, ${f(nativeStore.readMicros, 1)} us per re-hashed read`);
console.log(`  Chromium IndexedDB:  ${f(chromium.store.writeNodesPerSecond, 0)} nodes/s written, reopen ${f(chromium.store.reopenMs, 1)} ms, ${f(chromium.store.readMicros, 1)} us per re-hashed read`);
