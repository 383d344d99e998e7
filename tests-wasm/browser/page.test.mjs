// The demo page in real headless Chromium against a real seeded anvil: it verifies the head, proves an
// account and checks a block; with the lying switch on, each view shows a refusal instead of data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';
import { startAnvil } from '../harness/anvil.mjs';
import { launchBrowser } from '../harness/browser.mjs';
import { seedDevnet } from '../harness/seed.mjs';

const root = new URL('../../', import.meta.url).pathname;
const shots = `${root}test-results`;
let anvil;
let server;
let browser;
let page;
const consoleErrors = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  const seed = await seedDevnet(anvil.url);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  server = await serve(root, 0, { '/devnet.json': () => ({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash }, seed }) });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${server.url}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await anvil?.stop();
});

test('the page verifies the head from the checkpoint, proves an account and checks a block', async () => {
  await page.locator('#trust .verdict.ok', { hasText: 'Verified head' }).waitFor({ timeout: 20_000 });
  await page.click('#account-form button');
  await page.locator('#account .verdict.ok').waitFor();
  assert.match(await page.textContent('#account'), /0x2a/);
  await page.click('#block-form button');
  await page.locator('#block .verdict.ok').waitFor();
  assert.match(await page.textContent('#block'), /5 re-encoded, transactionsRoot matches/);
  await page.screenshot({ path: `${shots}/page-verified.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('with the lying RPC switched on, every view shows a refusal and no data', async () => {
  // Lies about proofs and blocks after an honest head.
  await page.check('#lying');
  await page.click('#account-form button');
  await page.locator('#account .verdict.bad').waitFor();
  assert.match(await page.textContent('#account'), /Refused \(PROOF_INVALID\)/);
  assert.doesNotMatch(await page.textContent('#account'), /balance/);
  await page.click('#block-form button');
  await page.locator('#block .verdict.bad').waitFor();
  assert.match(await page.textContent('#block'), /Refused \(HEADER_HASH_MISMATCH\)/);

  // Lies about the headers themselves.
  await page.click('#connect button');
  await page.locator('#trust .verdict.bad').waitFor();
  assert.match(await page.textContent('#trust'), /Refused \((HEADER_HASH_MISMATCH|HEADER_CHAIN_BROKEN|NOT_ANCHORED)\)/);
  await page.click('#account-form button');
  assert.match(await page.textContent('#account'), /Verify the head first/);
  await page.screenshot({ path: `${shots}/page-lying.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});
