// What `npm pack` publishes, used as a wallet would: the tarball is installed into a fresh Vite app
// and a fresh Node script, and each makes a verified call against a local anvil (the Vite app through
// its bundled wasm and through WorkerLightNode's worker file; the Node script on both the SIMD and the
// scalar wasm), so a file missing from `files` cannot ship. The Vite app also measures a cold start in
// Chromium, split into the wasm's fetch, init, LightNode.create and the first answer: from an empty
// cache, from a warm HTTP cache, and from a warm HTTP cache with MetisDB holding the state. Only the
// first module is fetched before the first answer; the full one comes with the first re-execution,
// on the page and in the worker, and in the Node script. The figures are printed, never asserted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { startAnvil } from '../harness/anvil.mjs';
import { launchBrowser } from '../harness/browser.mjs';

const root = new URL('../../', import.meta.url).pathname;
const WHO = '0x00000000000000000000000000000000000000dd';

let anvil;
let tarball;
const made = [];
let block;
let genesis;

/** A fresh directory holding only `files` and the tarball installed as a dependency. */
function install(name, files) {
  const dir = mkdtempSync(join(tmpdir(), `ml-${name}-`));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  for (const [file, from] of Object.entries(files)) copyFileSync(from, join(dir, file));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir, stdio: 'pipe' });
  return dir;
}

before(async () => {
  const out = mkdtempSync(join(tmpdir(), 'ml-pack-'));
  made.push(out);
  const name = execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', out, '--loglevel=error'], { encoding: 'utf8' }).trim().split('\n').at(-1);
  tarball = join(out, name);
  anvil = await startAnvil();
  await anvil.rpc('anvil_setBalance', [WHO, '0x1234567890']);
  await anvil.rpc('evm_mine', []);
  block = await anvil.rpc('eth_blockNumber', []);
  // An empty block after it, which re-executes as the header says (anvil pays no reward).
  await anvil.rpc('evm_mine', []);
  genesis = (await anvil.rpc('eth_getBlockByNumber', ['0x0', false])).hash;
});

after(async () => {
  await anvil?.stop();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test('the tarball in a fresh Node script answers a verified balance, and re-executes a block in the full module, on the SIMD and the scalar wasm', () => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    import init, { LightNode, fullModuleLoaded, wasmVariant } from 'metis-lightnode';
    const file = (name) => readFileSync(fileURLToPath(import.meta.resolve('metis-lightnode/' + name)));
    if (process.argv[2] === 'scalar') await init(file('metis_lightnode_scalar_bg.wasm'), file('metis_lightnode_full_scalar_bg.wasm'));
    const node = await LightNode.create({ chain: 'devnet', rpc: '${anvil.url}', checkpoint: { number: 0, hash: '${genesis}' } });
    const balance = await node.request({ method: 'eth_getBalance', params: ['${WHO}', '${block}'] });
    const fullBeforeUse = fullModuleLoaded();
    const executed = (await node.verifyBlockExecution(${Number(block) + 1})).number;
    console.log(JSON.stringify({ balance, variant: wasmVariant(), fullBeforeUse, executed, fullAfterUse: fullModuleLoaded() }));
  `;
  const dir = install('wallet-script', {});
  writeFileSync(join(dir, 'script.mjs'), script);
  for (const [arg, variant] of [['simd', 'simd'], ['scalar', 'custom']]) {
    const out = JSON.parse(execFileSync(process.execPath, ['script.mjs', arg], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1));
    assert.deepEqual(out, { balance: '0x1234567890', variant, fullBeforeUse: false, executed: Number(block) + 1, fullAfterUse: true }, arg);
  }
});

test('the tarball in a fresh Vite app answers in Chromium, bundled and in its worker; cold start timed', async () => {
  const app = join(root, 'tests-wasm/pack');
  const dir = install('wallet-app', { 'index.html': join(app, 'index.html'), 'main.js': join(app, 'main.js'), 'vite.config.mjs': join(app, 'vite.config.mjs') });
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', join(dir, 'vite.config.mjs'), '--outDir', join(dir, 'dist')], { cwd: dir, stdio: 'pipe' });
  const assets = readdirSync(join(dir, 'dist/assets'));
  assert.ok(assets.some((a) => a.endsWith('.wasm') && !a.includes('full')), `the first module is an asset: ${assets}`);
  assert.ok(assets.some((a) => a.endsWith('.wasm') && a.includes('full')), `the full module is an asset: ${assets}`);
  assert.ok(assets.some((a) => a.startsWith('worker')), `the worker is bundled: ${assets}`);
  const server = await serve(join(dir, 'dist'), 0, {}, { cache: true });
  // The server gzips each file once, as a CDN would have before the first visitor.
  for (const asset of assets) await fetch(`${server.url}/assets/${asset}`, { headers: { 'accept-encoding': 'gzip' } }).then((r) => r.arrayBuffer());
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const load = async (query) => {
      const q = new URLSearchParams({ rpc: anvil.url, genesis, who: WHO, block, ...query });
      await page.goto(`${server.url}/index.html?${q}`);
      await page.waitForFunction(() => window.result, null, { timeout: 60_000 });
      const result = await page.evaluate(() => window.result);
      assert.equal(result.error, undefined, result.error);
      assert.equal(result.balance, '0x1234567890');
      return result;
    };
    const cold = await load({ worker: '1' });
    assert.equal(cold.viaWorker, '0x1234567890', 'the worker file shipped and answers');
    assert.equal(cold.beforeAnswer.length, 1, `one module before the first answer: ${cold.beforeAnswer}`);
    assert.doesNotMatch(cold.beforeAnswer[0], /full/);
    assert.equal(cold.fullBeforeUse, false);
    assert.equal(cold.lazy.executed, Number(block) + 1, 'the full module re-executes the block');
    assert.ok(cold.lazy.fetched.some((f) => /full/.test(f.name)), `the full module was fetched on first use: ${JSON.stringify(cold.lazy.fetched)}`);
    assert.equal(cold.workerExecuted, Number(block) + 1, 'the worker loads the full module too');
    assert.match(String(cold.refused), /^[A-Z_]+$/, 'a bad input throws a coded error');
    const warmHttp = await load({});
    await load({ store: 'indexeddb' });
    const warmStore = await load({ store: 'indexeddb' });
    const ms = (x) => (x === null ? '-' : `${Math.round(x)} ms`);
    for (const [what, r] of [['empty cache', cold], ['warm HTTP cache', warmHttp], ['warm HTTP cache + MetisDB', warmStore]]) {
      const t = r.timing;
      console.log(`# cold start (${what}, ${r.variant}): wasm fetch ${ms(t.wasmFetch)} (${t.wasmBytesOverWire} bytes over the wire), init ${ms(t.init)}, create ${ms(t.create)}, first answer ${ms(t.firstAnswer)}, page to answer ${ms(t.total)}; ${r.roundTrips} RPC round trips; then the first re-execution ${ms(r.lazy.ms)}, fetching ${r.lazy.fetched.map((f) => `${f.name} (${f.bytes} bytes)`).join(', ') || 'nothing'}`);
    }
    assert.ok(warmStore.roundTrips < cold.roundTrips, 'MetisDB spares round trips');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
