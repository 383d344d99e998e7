// Builds the npm package in pkg/: wasm-pack (web target, release) of two modules, the first (a wallet's
// first answers) and the full one (loaded on first use), each as a SIMD and a scalar build, then our
// entry and types on top.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dev = process.argv.includes('--dev');
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

/**
 * wasm-pack into `outDir` (relative to crate/) as `name`; `full` builds with the crate's `full`
 * feature (the module loaded on first use), else without it (the first module); `env` adds to the
 * environment.
 */
function wasmPack(outDir, name, full, env = {}) {
  const args = ['build', 'crate', dev ? '--dev' : '--release', '--target', 'web', '--out-dir', outDir, '--out-name', name, '--no-pack'];
  execFileSync('wasm-pack', full ? args : [...args, '--', '--no-default-features'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

/** wasm-opt from npm binaryen (Debian's is too old and emits modules that trap): optimise, strip names. */
function wasmOpt(file, features) {
  execFileSync(`${root}node_modules/.bin/wasm-opt`, ['-O3', ...features, '--strip-debug', '--strip-producers', file, '-o', file], { stdio: 'inherit' });
}

/** The features a module declares (its target_features section, which wasm-opt validates it against). */
const features = (file) => execFileSync(`${root}node_modules/.bin/wasm-opt`, [file, '--print-features'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

// Each module twice: the SIMD build (simd128, from .cargo/config.toml) and the scalar one for engines
// without wasm SIMD, whose own target dir keeps both caches warm (features, unlike RUSTFLAGS, share
// one). A scalar build's JS glue must be its SIMD build's byte for byte: index.js loads either
// module through the one glue. The name-keeping build of each is kept for scripts/size-profile.mjs.
mkdirSync(`${root}target/size`, { recursive: true });
for (const [name, full] of [['metis_lightnode', false], ['metis_lightnode_full', true]]) {
  wasmPack('../pkg', name, full);
  copyFileSync(`${root}target/wasm32-unknown-unknown/${dev ? 'debug' : 'release'}/metis_lightnode.wasm`, `${root}target/size/${name}.wasm`);
  if (dev) continue;
  wasmOpt(`${root}pkg/${name}_bg.wasm`, ['--enable-simd', ...FEATURES]);
  wasmPack('../target/pkg-scalar', name, full, { RUSTFLAGS: '-C target-feature=-simd128', CARGO_TARGET_DIR: `${root}target/scalar` });
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
