// Builds the npm package in pkg/: wasm-pack (web target, release) of two modules, the first (a wallet's
// first answers) and the full one (loaded on first use), each as a SIMD and a scalar build, then our
// entry and types on top.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dev = process.argv.includes('--dev');
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

// std rebuilt with the crate at its size settings (nightly's -Zbuild-std, std's optimize_for_size),
// with panics that trap at once (-Cpanic=immediate-abort: no panic message is formatted, and
// wasm32-unknown-unknown has nowhere to print one): the first module 9% smaller gzipped. Used where a
// nightly toolchain with rust-src is installed (`--stable-std` to skip it); otherwise, or should the
// nightly build fail, every module is built on stable, and the log says which.
const NIGHTLY_CARGO = ['-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size'];
const NIGHTLY_RUSTFLAGS = '-Zunstable-options -Cpanic=immediate-abort -Csymbol-mangling-version=legacy';

function nightlyWithSrc() {
  if (dev || process.argv.includes('--stable-std')) return false;
  try {
    const sysroot = execFileSync('rustc', ['+nightly', '--print', 'sysroot'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return existsSync(`${sysroot}/lib/rustlib/src/rust/library/std`);
  } catch {
    return false;
  }
}

// The node crate for least size in the wasm (native builds keep opt-level 3): its code is the node's
// logic, the RPC answers' decoders and the bindings, cold next to a round trip; its hot paths are
// crates of their own built for speed (metis-evm, metis-mpt, metis-hash, metis-header; Cargo.toml),
// and crate/wasm links the module so that LTO runs at opt-level 3. The first module 770 to 641 KB
// gzipped, the bench's hot paths within noise (`node scripts/bench-builds.mjs`).
const SIZE_CARGO = ['--config', 'profile.release.package.metis-lightnode.opt-level="z"'];

// The first module's dependencies and speed crates for least size too, but for the hashing (keccak,
// SHA-256 and the lane hashes): a wallet's answers there wait on round trips, and the bench's hot paths
// are the full module's. 592 to 540 KB gzipped; the first module's MetisVM 1.7x slower, proofs 1.1x
// (the full module built so, `node scripts/bench-builds.mjs`); hashing kept: it was 3.4x slower.
const FIRST_CARGO = ['"*"', 'metis-evm', 'metis-header', 'metis-mpt', 'revm-interpreter', 'revm-handler', 'alloy-trie', 'alloy-rlp', 'ruint', 'alloy-primitives']
  .flatMap((crate) => ['--config', `profile.release.package.${crate}.opt-level="z"`]);

// The first module's copies and fills wider than two stores as one memory.copy / memory.fill rather
// than a run of loads and stores (LLVM inlines up to four at opt-level "z"; its code is mostly moves of
// hashes, addresses and words): 450 to 438 KB gzipped SIMD, 460 to 434 scalar. Not the full module's:
// so built, its MetisVM ran 1.24x slower and a beacon period 1.35x (`node scripts/bench-builds.mjs`).
// Codegen runs in the link of crate/wasm (fat LTO), so its flags alone set it; on nightly, as profile
// rustflags are unstable.
const FIRST_NIGHTLY_CARGO = ['-Zprofile-rustflags', '--config', 'profile.release.package.metis-lightnode-wasm.rustflags=["-Cllvm-args=-max-store-memcpy=2", "-Cllvm-args=-max-store-memset=2"]'];

/** Where cargo builds `simd` or scalar modules on `nightly` or stable (each its own cache). */
const targetDir = (simd, nightly) => `${root}target${nightly ? (simd ? '/nightly' : '/nightly-scalar') : simd ? '' : '/scalar'}`;

/**
 * wasm-pack of crate/wasm (the link unit of the node crate's bindings) into `outDir` (relative to
 * it) as `name`; `full` builds with the crate's `full`
 * feature (the module loaded on first use), else without it (the first module); `simd` with simd128;
 * `nightly` with std rebuilt as above.
 */
function wasmPack(outDir, name, full, simd, nightly) {
  const args = ['build', 'crate/wasm', dev ? '--dev' : '--release', '--target', 'web', '--out-dir', outDir, '--out-name', name, '--no-pack'];
  const first = !dev && !full;
  const cargo = [...(full ? [] : ['--no-default-features']), ...(nightly ? NIGHTLY_CARGO : []), ...(dev ? [] : SIZE_CARGO), ...(first ? FIRST_CARGO : []), ...(first && nightly ? FIRST_NIGHTLY_CARGO : [])];
  const env = { CARGO_TARGET_DIR: targetDir(simd, nightly) };
  if (nightly) Object.assign(env, { RUSTUP_TOOLCHAIN: 'nightly', RUSTFLAGS: `-C target-feature=${simd ? '+' : '-'}simd128 ${NIGHTLY_RUSTFLAGS}` });
  else if (!simd) env.RUSTFLAGS = '-C target-feature=-simd128';
  execFileSync('wasm-pack', cargo.length ? [...args, '--', ...cargo] : args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

/** wasm-opt from npm binaryen (Debian's is too old and emits modules that trap): optimise, strip names. */
function wasmOpt(file, features) {
  execFileSync(`${root}node_modules/.bin/wasm-opt`, ['-O3', ...features, '--strip-debug', '--strip-producers', file, '-o', file], { stdio: 'inherit' });
}

/** The features a module declares (its target_features section, which wasm-opt validates it against). */
const features = (file) => execFileSync(`${root}node_modules/.bin/wasm-opt`, [file, '--print-features'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

// Each module twice: the SIMD build and the scalar one for engines without wasm SIMD, whose own
// target dir keeps both caches warm (features, unlike RUSTFLAGS, share one). A scalar build's JS glue
// must be its SIMD build's byte for byte: index.js loads either module through the one glue. The
// name-keeping build of each is kept for scripts/size-profile.mjs.
function buildModules(nightly) {
  mkdirSync(`${root}target/size`, { recursive: true });
  for (const [name, full] of [['metis_lightnode', false], ['metis_lightnode_full', true]]) {
    wasmPack('../../pkg', name, full, true, nightly);
    copyFileSync(`${targetDir(true, nightly)}/wasm32-unknown-unknown/${dev ? 'debug' : 'release'}/metis_lightnode_wasm.wasm`, `${root}target/size/${name}.wasm`);
    if (dev) continue;
    wasmOpt(`${root}pkg/${name}_bg.wasm`, ['--enable-simd', ...FEATURES]);
    wasmPack('../../target/pkg-scalar', name, full, false, nightly);
    const scalar = `${root}target/pkg-scalar/${name}_bg.wasm`;
    wasmOpt(scalar, FEATURES);
    if (!readFileSync(`${root}target/pkg-scalar/${name}.js`).equals(readFileSync(`${root}pkg/${name}.js`))) {
      throw new Error(`the scalar build of ${name} has other JS glue than the SIMD build`);
    }
    if (!features(`${root}pkg/${name}_bg.wasm`).includes('--enable-simd') || features(scalar).includes('--enable-simd')) {
      throw new Error('the SIMD build must declare simd128 and the scalar build must not');
    }
    copyFileSync(scalar, `${root}pkg/${name}_scalar_bg.wasm`);
  }
}
let nightly = nightlyWithSrc();
try {
  buildModules(nightly);
} catch (e) {
  if (!nightly) throw e;
  console.error(`the nightly build failed (${e.message.split('\n')[0]}): every module again on stable`);
  nightly = false;
  buildModules(false);
}
console.log(`std: ${nightly ? 'rebuilt on nightly (-Zbuild-std, -Cpanic=immediate-abort)' : "stable's prebuilt"}`);
for (const file of ['index.js', 'index.d.ts', 'bench.js', 'bench.d.ts', 'worker.js', 'subscriptions.js']) copyFileSync(`${root}crate/js/${file}`, `${root}pkg/${file}`);

const crate = readFileSync(`${root}crate/Cargo.toml`, 'utf8');
const version = /^version\.workspace/m.test(crate)
  ? /^version = "([^"]+)"/m.exec(readFileSync(`${root}Cargo.toml`, 'utf8'))[1]
  : /^version = "([^"]+)"/m.exec(crate)[1];
const MODULES = ['metis_lightnode', 'metis_lightnode_full'];
const WASM = MODULES.flatMap((m) => [`${m}_bg.wasm`, `${m}_scalar_bg.wasm`]);
const pkg = {
  name: 'metis-lightnode',
  version,
  description: 'A light client for Metis (Andromeda, Hyperion) and LazAI: verifies headers, proofs and roots in wasm.',
  license: 'MIT OR Apache-2.0',
  type: 'module',
  main: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './bench': { types: './bench.d.ts', default: './bench.js' },
    ...Object.fromEntries(WASM.map((file) => [`./${file}`, `./${file}`])),
  },
  files: ['index.js', 'index.d.ts', 'bench.js', 'bench.d.ts', 'worker.js', 'subscriptions.js', 'README.md', ...MODULES.flatMap((m) => [`${m}.js`, `${m}.d.ts`, `${m}_bg.wasm.d.ts`]), ...WASM],
  engines: { node: '>=20' },
  sideEffects: false,
};
writeFileSync(`${root}pkg/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(`${root}crate/js/README.md`, `${root}pkg/README.md`);

for (const name of WASM) {
  const file = `${root}pkg/${name}`;
  if (!dev || !name.includes('scalar')) console.log(`pkg/${name}: ${(statSync(file).size / 1024).toFixed(0)} KB raw, ${(gzipSync(readFileSync(file), { level: 9 }).length / 1024).toFixed(0)} KB gzipped`);
}

// The first module's budget (issue 20): what a wallet downloads before its first answer. Held for the
// published build (nightly, release); stable's prebuilt std alone is past it, which the log says.
const BUDGET = 450 * 1024;
for (const name of dev ? [] : ['metis_lightnode_bg.wasm', 'metis_lightnode_scalar_bg.wasm']) {
  const gz = gzipSync(readFileSync(`${root}pkg/${name}`), { level: 9 }).length;
  if (gz <= BUDGET) continue;
  const past = `pkg/${name} is ${gz} bytes gzipped, past the first module's ${BUDGET} (README: "What a wallet downloads first")`;
  if (nightly) throw new Error(past);
  console.error(`${past}, on stable's std`);
}
