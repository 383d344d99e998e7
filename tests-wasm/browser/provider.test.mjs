// The EIP-1193 provider in real headless Chromium against a real anvil, used by real viem
// (createPublicClient + custom) and real ethers (BrowserProvider), bundled by esbuild.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { serve } from '../../scripts/serve.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';
import { startAnvil } from '../harness/anvil.mjs';
import { launchBrowser } from '../harness/browser.mjs';
import { seedDevnet } from '../harness/seed.mjs';

const root = new URL('../../', import.meta.url).pathname;
let anvil;
let server;
let browser;
let seed;
let genesis;

before(async () => {
  await build({
    entryPoints: [`${root}tests-wasm/browser/provider-entry.js`],
    bundle: true, format: 'esm', outfile: `${root}target/browser/provider.js`, external: ['/pkg/index.js'], logLevel: 'warning',
  });
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  seed = await seedDevnet(anvil.url);
  genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  server = await serve(root, 0);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await anvil?.stop();
});

test('viem and ethers in Chromium read verified data through the LightNode provider, and send, wait and subscribe as a wallet does', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/tests-wasm/browser/provider.html`);
  await page.waitForFunction(() => typeof window.providerChecks === 'function');
  const { Token, Probe } = compileContracts();
  const r = await page.evaluate((config) => window.providerChecks(config), {
    rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash }, seed, abis: { Token: Token.abi, Probe: Probe.abi },
  });
  const balance = String(BigInt(await anvil.rpc('eth_getBalance', [seed.sender, 'latest'])));
  assert.equal(r.chainId, 31337);
  assert.equal(r.viemBalance, balance);
  assert.equal(r.ethersBalance, balance);
  assert.equal(r.viemToken, '12345');
  assert.equal(r.ethersToken, '12345');
  assert.equal(r.viemLogs, 2);
  assert.equal(BigInt(r.viemCall), 7n, 'Probe.counter() after bump(3) and bump(4)');
  assert.equal(r.ethersBlock, (await anvil.rpc('eth_getBlockByNumber', [seed.blockNumber, false])).hash);
  assert.match(r.ethersRevert, /probe: not allowed/);
  assert.equal(r.unsupportedCode, 4200);
  assert.deepEqual(r.wallet, { viemStatus: 'success', ethersStatus: 1, headSeen: true, refused: [] }, 'a wallet sends, waits and watches with nothing refused');
  assert.deepEqual(r.connected, { chainId: '0x7a69' });
  assert.deepEqual(r.eip6963, { name: 'metis-lightnode (verified)', uuid: true, icon: true, frozen: true, chainId: 31337, afterStop: 1 }, 'announced by EIP-6963, and no more once stopped');
  assert.deepEqual(errors, []);
});
