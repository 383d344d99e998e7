// Block re-execution in headless Chromium, in a Web Worker: the mixed-transaction anvil block is
// proven and re-executed in the worker with a progress event per transaction while the page's own
// event loop keeps running; a state-root lie is refused; an aborted signal cancels; the first header
// sync reports progress and can be cancelled too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAnvil } from '../harness/anvil.mjs';
import { openTestPage } from '../harness/browser.mjs';
import { seedClearingBlock, seedMixedBlock } from '../harness/mixed.mjs';
import { seedDevnet } from '../harness/seed.mjs';

let anvil;
let opened;
let page;
let options;
let mixed;
let clearing;

before(async () => {
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  const seed = await seedDevnet(anvil.url);
  mixed = await seedMixedBlock(anvil.url, seed);
  clearing = await seedClearingBlock(anvil.url, seed);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  options = { chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash } };
  opened = await openTestPage('tests-wasm/browser/reexec.html');
  page = opened.page;
});

after(async () => {
  await opened?.close();
  await anvil?.stop();
});

test('a block re-executes in a Web Worker with a progress event per transaction', async () => {
  const header = await anvil.rpc('eth_getBlockByNumber', [mixed.first, false]);
  const { report, progress, error } = await page.evaluate(([o, n]) => window.verifyInWorker(o, n), [options, Number(mixed.first)]);
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(report.stateRoot, header.stateRoot);
  assert.equal(report.transactions, mixed.firstCount);
  const last = progress.filter((p) => p.round === report.witnessRounds && p.done > 0);
  assert.deepEqual(last.map((p) => p.done), Array.from({ length: mixed.firstCount }, (_, i) => i + 1));
  assert.ok(last.every((p) => p.transactions === mixed.firstCount));
});

test('in the browser too, a block whose state root does not follow from its transactions is refused', async () => {
  const { report, error } = await page.evaluate(([o, n]) => window.verifyInWorker(o, n), [options, Number(clearing)]);
  assert.equal(report, undefined);
  assert.equal(error.code, 'EXECUTION_MISMATCH');
  assert.match(error.message, /stateRoot/);
});

test('an aborted signal cancels the re-execution', async () => {
  const outcome = await page.evaluate(([o, n]) => window.cancelInWorker(o, n), [options, Number(mixed.first)]);
  assert.deepEqual(outcome, { cancelled: true, code: 'CANCELLED' });
});

test('the first header sync reports progress from the checkpoint to the head, and an aborted signal cancels it', async () => {
  const head = Number(await anvil.rpc('eth_blockNumber', []));
  const synced = await page.evaluate(([o]) => window.syncInWorker(o, false), [options]);
  assert.equal(synced.error, undefined, JSON.stringify(synced.error));
  assert.equal(synced.head.number, head);
  assert.deepEqual(synced.progress.at(0), { from: 0, linked: 0, target: head });
  assert.deepEqual(synced.progress.at(-1), { from: 0, linked: head, target: head });
  assert.equal(synced.header.hash, synced.head.hash, 'node.header(n) is the verified header');
  const cancelled = await page.evaluate(([o]) => window.syncInWorker(o, true), [options]);
  assert.equal(cancelled.error?.code, 'CANCELLED');
});
