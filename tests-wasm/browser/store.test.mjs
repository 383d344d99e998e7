// MetisDB on real IndexedDB in headless Chromium: what was proven once is served after a page
// reload with zero RPC calls (counted at a proxy), re-checked against the stored headers; corrupted
// entries are detected, dropped and fetched again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFunctionData } from 'viem';
import { serve } from '../../scripts/serve.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';
import { startAnvil } from '../harness/anvil.mjs';
import { launchBrowser } from '../harness/browser.mjs';
import { startLiar } from '../harness/liar.mjs';
import { seedDevnet } from '../harness/seed.mjs';

const root = new URL('../../', import.meta.url).pathname;
let anvil;
let proxy;
let server;
let browser;
let page;
let options;
let queries;

before(async () => {
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  const seed = await seedDevnet(anvil.url);
  proxy = await startLiar(anvil.url);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  const block = await anvil.rpc('eth_blockNumber', []);
  const { Token } = compileContracts();
  options = { chain: 'devnet', rpc: proxy.url, checkpoint: { number: 0, hash: genesis.hash } };
  queries = [
    ['eth_getBalance', [seed.sender, block]],
    ['eth_getTransactionCount', [seed.sender, block]],
    ['eth_getStorageAt', [seed.probe, '0x0', block]],
    ['eth_getCode', [seed.token, block]],
    ['eth_call', [{ to: seed.token, data: encodeFunctionData({ abi: Token.abi, functionName: 'balanceOf', args: [seed.authority] }) }, block]],
  ];
  server = await serve(root, 0);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/tests-wasm/browser/store.html`);
  await page.waitForFunction(() => window.ready);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
  await anvil?.stop();
});

/** Runs the queries and returns the answers, the store counters, and the RPC calls they made. */
async function queriesCounted() {
  const { answers, stats } = await proxy.record(() => page.evaluate((q) => window.runQueries(q), queries));
  return { answers, stats, calls: proxy.recorded.length };
}

test('after a reload, answers proven before come from IndexedDB with zero RPC calls', async () => {
  await page.evaluate((o) => window.openNode(o), options);
  const cold = await queriesCounted();
  assert.ok(cold.calls > 0, 'the first time needs the server');
  const honest = await Promise.all(queries.map(([m, p]) => anvil.rpc(m, p)));
  assert.deepEqual(cold.answers, honest);

  await page.reload();
  await page.waitForFunction(() => window.ready);
  await page.evaluate((o) => window.openNode(o), options);
  const warm = await queriesCounted();
  assert.equal(warm.calls, 0, `after the reload the queries made ${warm.calls} RPC calls: ${JSON.stringify(proxy.recorded.map((r) => [r.method, r.params]))}`);
  assert.deepEqual(warm.answers, honest);
  assert.ok(warm.stats.hits > 0 && warm.stats.corrupt === 0, JSON.stringify(warm.stats));
});

/** Overwrites the stored nodes (with garbage bytes, or with values of other `types`), reloads, and
 * checks that the answers are the honest ones, the spoiled nodes dropped as corrupt and fetched again. */
async function spoiledThenReloaded(types) {
  const spoiled = await page.evaluate((t) => window.corruptNodes(t), types);
  assert.ok(spoiled > 10, `spoiled ${spoiled} nodes`);
  await page.reload();
  await page.waitForFunction(() => window.ready);
  await page.evaluate((o) => window.openNode(o), options);
  const after = await queriesCounted();
  assert.ok(after.calls > 0, 'spoiled nodes must be fetched again');
  assert.deepEqual(after.answers, await Promise.all(queries.map(([m, p]) => anvil.rpc(m, p))));
  assert.ok(after.stats.corrupt > 0, JSON.stringify(after.stats));
}

test('corrupted entries are detected, dropped and proven again, never served', () => spoiledThenReloaded(false));

// The store holds what the test before proved again.
test('stored values of the wrong type (a huge number, a string, an array-like) are dropped as corrupt, never allocated or thrown through wasm', () => spoiledThenReloaded(true));
