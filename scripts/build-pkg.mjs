// Builds the npm package in pkg/: wasm-pack (web target, release), then our entry and types on top.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dev = process.argv.includes('--dev');
execFileSync('wasm-pack', ['build', 'crate', dev ? '--dev' : '--release', '--target', 'web', '--out-dir', '../pkg', '--out-name', 'metis_lightnode', '--no-pack'], {
  cwd: root,
  stdio: 'inherit',
});
// wasm-opt from npm binaryen (Debian's is too old and emits modules that trap): optimise and strip the
// name section. Skipped for --dev builds.
if (!dev) {
  const wasmOpt = `${root}node_modules/.bin/wasm-opt`;
  const file = `${root}pkg/metis_lightnode_bg.wasm`;
  execFileSync(wasmOpt, ['-O3', '--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', '--strip-debug', '--strip-producers', file, '-o', file], { stdio: 'inherit' });
}
for (const file of ['index.js', 'index.d.ts', 'worker.js']) copyFileSync(`${root}crate/js/${file}`, `${root}pkg/${file}`);

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
  exports: { '.': { types: './index.d.ts', default: './index.js' }, './metis_lightnode_bg.wasm': './metis_lightnode_bg.wasm' },
  files: ['index.js', 'index.d.ts', 'worker.js', 'metis_lightnode.js', 'metis_lightnode.d.ts', 'metis_lightnode_bg.wasm', 'metis_lightnode_bg.wasm.d.ts', 'README.md'],
  engines: { node: '>=20' },
  sideEffects: false,
};
writeFileSync(`${root}pkg/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(`${root}crate/js/README.md`, `${root}pkg/README.md`);

const wasm = readFileSync(`${root}pkg/metis_lightnode_bg.wasm`);
console.log(`pkg/metis_lightnode_bg.wasm: ${(statSync(`${root}pkg/metis_lightnode_bg.wasm`).size / 1024).toFixed(0)} KB raw, ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(0)} KB gzipped`);
