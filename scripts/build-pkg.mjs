// Builds the npm package in pkg/: wasm-pack (web target, release) twice, a SIMD and a scalar build, then our entry and types on top.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dev = process.argv.includes('--dev');
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

/** wasm-pack into `outDir` (relative to crate/); `env` adds to the environment. */
function wasmPack(outDir, env = {}) {
  execFileSync('wasm-pack', ['build', 'crate', dev ? '--dev' : '--release', '--target', 'web', '--out-dir', outDir, '--out-name', 'metis_lightnode', '--no-pack'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
}

/** wasm-opt from npm binaryen (Debian's is too old and emits modules that trap): optimise, strip names. */
function wasmOpt(file, features) {
  execFileSync(`${root}node_modules/.bin/wasm-opt`, ['-O3', ...features, '--strip-debug', '--strip-producers', file, '-o', file], { stdio: 'inherit' });
}

// The SIMD build (simd128, from .cargo/config.toml).
wasmPack('../pkg');
if (!dev) wasmOpt(`${root}pkg/metis_lightnode_bg.wasm`, ['--enable-simd', ...FEATURES]);

/** The features a module declares (its target_features section, which wasm-opt validates it against). */
const features = (file) => execFileSync(`${root}node_modules/.bin/wasm-opt`, [file, '--print-features'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

// The scalar build, for engines without wasm SIMD: its own target dir keeps both caches warm. The JS
// glue must be the SIMD build's byte for byte, since index.js loads either module through it.
if (!dev) {
  wasmPack('../target/pkg-scalar', { RUSTFLAGS: '-C target-feature=-simd128', CARGO_TARGET_DIR: `${root}target/scalar` });
  const scalar = `${root}target/pkg-scalar/metis_lightnode_bg.wasm`;
  wasmOpt(scalar, FEATURES);
  if (!readFileSync(`${root}target/pkg-scalar/metis_lightnode.js`).equals(readFileSync(`${root}pkg/metis_lightnode.js`))) {
    throw new Error('the scalar build has other JS glue than the SIMD build');
  }
  if (!features(`${root}pkg/metis_lightnode_bg.wasm`).includes('--enable-simd') || features(scalar).includes('--enable-simd')) {
    throw new Error('the SIMD build must declare simd128 and the scalar build must not');
  }
  copyFileSync(scalar, `${root}pkg/metis_lightnode_scalar_bg.wasm`);
}
for (const file of ['index.js', 'index.d.ts', 'bench.js', 'bench.d.ts', 'worker.js', 'subscriptions.js']) copyFileSync(`${root}crate/js/${file}`, `${root}pkg/${file}`);

const crate = readFileSync(`${root}crate/Cargo.toml`, 'utf8');
const version = /^version\.workspace/m.test(crate)
  ? /^version = "([^"]+)"/m.exec(readFileSync(`${root}Cargo.toml`, 'utf8'))[1]
  : /^version = "([^"]+)"/m.exec(crate)[1];
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
    './metis_lightnode_bg.wasm': './metis_lightnode_bg.wasm',
    './metis_lightnode_scalar_bg.wasm': './metis_lightnode_scalar_bg.wasm',
  },
  files: ['index.js', 'index.d.ts', 'bench.js', 'bench.d.ts', 'worker.js', 'subscriptions.js', 'metis_lightnode.js', 'metis_lightnode.d.ts', 'metis_lightnode_bg.wasm', 'metis_lightnode_scalar_bg.wasm', 'metis_lightnode_bg.wasm.d.ts', 'README.md'],
  engines: { node: '>=20' },
  sideEffects: false,
};
writeFileSync(`${root}pkg/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(`${root}crate/js/README.md`, `${root}pkg/README.md`);

for (const name of ['metis_lightnode_bg.wasm', 'metis_lightnode_scalar_bg.wasm']) {
  const file = `${root}pkg/${name}`;
  if (!dev || name === 'metis_lightnode_bg.wasm') console.log(`pkg/${name}: ${(statSync(file).size / 1024).toFixed(0)} KB raw, ${(gzipSync(readFileSync(file), { level: 9 }).length / 1024).toFixed(0)} KB gzipped`);
}
