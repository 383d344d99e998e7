// Two builds of the package side by side on the bench's hot workloads, to tell what a build setting
// costs in speed: `node scripts/bench-builds.mjs <pkg dir A> <pkg dir B> [--rounds N]` (copies of pkg/
// made by `npm run build` under each setting). Each build is its own instance; the two alternate, best
// of N rounds after a warm-up one. Prints figures and B/A; asserts nothing.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evmInputs } from './bench-evm.mjs';
import { beaconRecording, cases, flatProofs, headers, hiveChain, hiveGenesis } from './bench-inputs.mjs';

const [dirA, dirB] = process.argv.slice(2, 4).map((d) => resolve(d));
if (!dirA || !dirB) throw new Error('usage: node scripts/bench-builds.mjs <pkg dir A> <pkg dir B> [--rounds N]');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 6;
const evm = evmInputs(2000);
const bytes = (hex) => Uint8Array.from(hex.slice(2).match(/../g), (b) => parseInt(b, 16));
const [code, data] = [bytes(evm.code), bytes(evm.data)];

/** One instance of `dir`'s glue `name` on its module `wasm` (the query keeps instances apart). */
async function instance(dir, name, wasm, tag) {
  const m = await import(`${dir}/${name}.js?${tag}`);
  await m.default({ module_or_path: readFileSync(`${dir}/${wasm}`) });
  return m;
}

/** Microseconds per item of `work(rounds)`, rounds doubled until it takes 200 ms. */
function per(work, items) {
  for (let r = 1; ; r *= 2) {
    const start = performance.now();
    work(r);
    const ms = performance.now() - start;
    if (ms >= 200 || r >= 1 << 20) return (ms * 1000) / (r * items);
  }
}
const times = (r, f) => {
  for (let i = 0; i < r; i += 1) f();
};

async function workloads(dir, tag) {
  const first = await instance(dir, 'metis_lightnode', 'metis_lightnode_bg.wasm', `${tag}-first`);
  const full = await instance(dir, 'metis_lightnode_full', 'metis_lightnode_full_bg.wasm', `${tag}-full`);
  const scalar = await instance(dir, 'metis_lightnode_full', 'metis_lightnode_full_scalar_bg.wasm', `${tag}-scalar`);
  const flat = flatProofs(first.verifyAccountProof);
  const beacon = new full.BeaconBench(beaconRecording);
  const hive = new full.HiveBench(hiveGenesis, new Uint8Array(hiveChain));
  return {
    'proofs, whole answers (us)': () => per((r) => full.benchVerifyProofs(cases, r), 1),
    'proofs via verifyMptProof, first module (us)': () => per((r) => times(r, () => flat.forEach((f) => first.verifyMptProof(f.root, f.key, f.proof))), flat.length),
    'headers (us)': () => per((r) => full.benchVerifyHeaders(headers, r), headers.length),
    'MetisVM run(2000) (ms)': () => per((r) => full.benchEvm(code, data, r), 1) / 1000,
    'keccak256 64 x 136 B, SIMD (us)': () => per((r) => full.benchHash('keccak256', 136, 64, r), 64),
    'keccak256 64 x 136 B, scalar (us)': () => per((r) => scalar.benchHash('keccak256', 136, 64, r), 64),
    'sha256 512 x 64 B, SIMD (us)': () => per((r) => full.benchHash('sha256', 64, 512, r), 512),
    'beacon period (ms)': () => (per((r) => times(r, () => beacon.sync(1)), 1) - per((r) => times(r, () => beacon.sync(0)), 1)) / 1000,
    'hive replay (ms)': () => per((r) => times(r, () => hive.replay()), 1) / 1000,
  };
}

const builds = [await workloads(dirA, 'a'), await workloads(dirB, 'b')];
const best = [{}, {}];
for (let round = 0; round <= rounds; round += 1) {
  for (const [i, build] of builds.entries()) {
    for (const [key, work] of Object.entries(build)) {
      const x = work();
      if (round > 0) best[i][key] = Math.min(best[i][key] ?? Infinity, x);
    }
  }
}
const row = (cells) => console.log(cells.map((s, i) => String(s).padEnd(i ? 16 : 46)).join(''));
row(['', basename(dirA), basename(dirB), 'B/A']);
for (const key of Object.keys(best[0])) row([key, best[0][key].toFixed(2), best[1][key].toFixed(2), `${(best[1][key] / best[0][key]).toFixed(2)}x`]);
