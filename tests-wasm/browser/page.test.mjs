// The demo page in real headless Chromium against the demo's own chains (the seeded anvil, and the
// Andromeda-shaped Metis devnet with its L1): each view shows verified data; with the lying switch on,
// each view shows a refusal and no data; a reload answers from MetisDB without the RPC; on Metis a
// block's sequencer signature and its state root's L1 commitment are proven; nothing overflows at
// phone width; no console errors. Screenshots go to test-results/ for a reviewer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startDemo } from '../../scripts/demo.mjs';
import { launchBrowser } from '../harness/browser.mjs';
import { FILE_BYTES } from '../harness/lazai.mjs';

const shots = new URL('../../test-results/', import.meta.url).pathname;
let demo;
let browser;
let page;
const consoleErrors = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  demo = await startDemo({ port: 0, anvilPort: 0, intervalMining: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && consoleErrors.push(`worker: ${m.text()}`)));
  await page.goto(`${demo.page.url}/`);
  await verifiedHead();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

const verifiedHead = () => page.locator('#trust[data-state="verified"]').waitFor({ timeout: 30_000 });

/** Clicks `button`, waits for panel `id` to settle, returns its state and text. */
async function run(button, id) {
  await page.click(button);
  const panel = page.locator(`#${id}:is([data-state="verified"], [data-state="refused"])`);
  await panel.waitFor({ timeout: 60_000 });
  return { state: await panel.getAttribute('data-state'), text: await panel.textContent() };
}

async function giveFile(bytes) {
  await page.setInputFiles('#anchor-input', { name: 'dataset.txt', mimeType: 'text/plain', buffer: Buffer.from(bytes) });
  await page.locator('#drop-name', { hasText: `${bytes.length} bytes` }).waitFor();
}

const VIEWS = [
  ['#account-form button', 'account'],
  ['#block-form button[type=submit]', 'block'],
  ['#execute', 'execution'],
  ['#dat-form button', 'dat'],
  ['#anchor-form button', 'anchor'],
  ['#inference-form button', 'inference'],
  ['#idao-form button', 'idao'],
];

test('with the lying RPC switched on, every view shows a refusal with its code, and no data', async () => {
  await giveFile(FILE_BYTES);
  await page.check('#lying');
  await page.locator('body[data-lying="on"]').waitFor();
  for (const [button, id] of VIEWS) {
    const { state, text } = await run(button, id);
    assert.equal(state, 'refused', `${id}: ${text}`);
    assert.match(text, /Refused \((PROOF_INVALID|HEADER_HASH_MISMATCH|ITEM_HASH_MISMATCH|ROOT_MISMATCH|CLAIM_MISMATCH)\)/, id);
    assert.doesNotMatch(text, /balance|proven at|re-encoded/i, `${id} shows no data`);
  }
  // New blocks on the server: their headers are lied about, and the head does not move.
  await demo.anvil.rpc('anvil_mine', ['0x2']);
  await page.click('#sync');
  await page.locator('#trust[data-state="refused"]').waitFor();
  assert.match(await page.textContent('#trust'), /Refused \(HEADER_HASH_MISMATCH\)/);
  await page.screenshot({ path: `${shots}page-lying.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('switched back to the honest RPC, every view shows what it proved', async () => {
  await page.uncheck('#lying');
  await page.locator('body[data-lying="off"]').waitFor();
  await page.click('#sync');
  await verifiedHead();
  const results = {};
  await page.fill('#block-number', String(Number(demo.config.seed.blockNumber)));
  for (const [button, id] of VIEWS) {
    // The seed block (5 transactions) is checked; a Governor vote is re-executed (anvil's block 1
    // cannot be: its genesis claims an empty state root).
    if (id === 'execution') await page.fill('#block-number', String(demo.config.lazai.forVoteBlock));
    results[id] = await run(button, id);
    assert.equal(results[id].state, 'verified', `${id}: ${results[id].text}`);
  }
  assert.match(results.account.text, /slot 0x0.*0x2a/s);
  assert.match(results.account.text, /Account proof: \d+ nodes/);
  assert.match(results.block.text, /5 re-encoded; transactionsRoot/);
  assert.match(results.execution.text, /re-executed in MetisVM: every result matches its header/);
  assert.match(results.dat.text, /holds token #1 \(erc1155\).*balance42/s);
  assert.match(results.anchor.text, /dataset\.txt is the file anchored as #1/);
  assert.match(results.inference.text, /a node of VerifiedComputing at block #\d+: valid by LazAI's rule.*score42/s);
  assert.match(results.dat.text, /ERC-1967 proxy running 0x[0-9a-fA-F]{40}/);
  assert.match(results.anchor.text, /sha256 of the bytes you gave/);
  assert.match(results.idao.text, /state(active|succeeded|defeated).*votedagainst with weight 100000000000000000000000: “not this quarter”/s);

  // A file that differs from the anchored one by one byte is refused.
  const altered = FILE_BYTES.slice();
  altered[0] ^= 1;
  await giveFile(altered);
  const anchor = await run('#anchor-form button', 'anchor');
  assert.equal(anchor.state, 'refused');
  assert.match(anchor.text, /Refused \(CLAIM_MISMATCH\)/);

  const store = await run('#store-check', 'store');
  assert.equal(store.state, 'verified');
  assert.match(store.text, /0 corrupt entries, 0 partial batches/);
  await page.screenshot({ path: `${shots}page-verified.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('after a reload, MetisDB answers what was proven before without an RPC round trip', async () => {
  const head = (await page.textContent('#trust .verdict')).match(/#(\d+)/)[1];
  await page.reload();
  await page.waitForFunction(() => window.ready);
  await verifiedHead();
  assert.match(await page.textContent('#trust .verdict'), new RegExp(`#${head}\\b`));
  await page.fill('#account-block', head);
  const account = await run('#account-form button', 'account');
  assert.equal(account.state, 'verified', account.text);
  assert.match(account.text, /No RPC round trip: answered from MetisDB/);
  const store = await run('#store-check', 'store');
  assert.match(store.text, /held\d+ proof nodes and code, \d+ headers/);
  assert.deepEqual(consoleErrors, []);
});

test('every control has a label, and nothing overflows at phone width', async () => {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')].filter((el) => el.labels.length === 0).map((el) => el.id));
  assert.deepEqual(unlabelled, []);
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: `${shots}page-phone.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('on the Metis devnet, a block carries a proven sequencer signature and its state root is proven committed on L1', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const { metis } = demo.config;
  await page.click('#pick-metis');
  await page.locator('#trust[data-state="verified"]', { hasText: 'metis-devnet' }).waitFor({ timeout: 30_000 });
  assert.match(await page.textContent('#trust'), /sequencer signature proven from MetisSequencerSet/);

  // Lies first, while nothing of this chain is cached: the block's body and L1's proofs are refused.
  await page.check('#lying');
  await page.locator('body[data-lying="on"]').waitFor();
  for (const [button, id] of [['#block-form button[type=submit]', 'block'], ['#l1-form button', 'l1']]) {
    const lied = await run(button, id);
    assert.equal(lied.state, 'refused', `${id}: ${lied.text}`);
    assert.match(lied.text, /Refused \([A-Z_]+\)/);
  }
  await page.uncheck('#lying');
  await page.locator('body[data-lying="off"]').waitFor();

  const block = await run('#block-form button[type=submit]', 'block');
  assert.equal(block.state, 'verified', block.text);
  assert.match(block.text, /sequencersigned by 0x[0-9a-f]{40}, the signer of epoch 0 \(proven from MetisSequencerSet storage\)/);
  const account = await run('#account-form button', 'account');
  const epoch = await demo.metis.anvil.rpc('eth_getStorageAt', [metis.sequencerSet, '0x68', 'latest']);
  assert.match(account.text, new RegExp(`slot 0x680x${BigInt(epoch).toString(16)}state root`), 'currentEpochId, proven from MetisSequencerSet storage');
  const l1 = await run('#l1-form button', 'l1');
  assert.equal(l1.state, 'verified', l1.text);
  assert.match(l1.text, new RegExp(`block #${metis.block} is committed on L1`));
  assert.match(l1.text, /found in the L1 server’s StateBatchAppended logs\) hashes to the hash the container stores/);
  assert.match(l1.text, /\d+ RPC round trips?\./, 'the L1 node\'s round trips are counted');
  await page.screenshot({ path: `${shots}page-metis.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('on Ethereum (recorded mainnet), the head is the block the sync committee signed; a lying beacon server is refused; a reload replays the kept proof', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  // Lies first: the beacon answers' signatures (and the execution headers) are changed.
  await page.check('#lying');
  await page.locator('body[data-lying="on"]').waitFor();
  await page.click('#pick-ethereum');
  await page.locator('#trust[data-state="refused"]').waitFor({ timeout: 30_000 });
  assert.match(await page.textContent('#trust'), /Refused \((BEACON_BRANCH_INVALID|BEACON_SIGNATURE_INVALID)\)/);
  await page.uncheck('#lying');
  await page.locator('body[data-lying="off"]').waitFor();

  await page.click('#pick-ethereum');
  await page.locator('#trust[data-state="verified"]', { hasText: 'sync committee' }).waitFor({ timeout: 30_000 });
  const text = await page.textContent('#trust');
  assert.match(text, /signed by Ethereum's sync committee/);
  assert.match(text, /period 867 on mainnet/);
  assert.match(text, /\d+ of 512 members signed/);
  assert.match(text, /latest rests onexecution block #17923\d+ 0x[0-9a-f]{64} \(beacon slot 7109431\)/);
  assert.match(text, /finalizedexecution block #17923026 0xbc8499537876e5406c7a65e25f99063f1cd85a17014a3aa5ade38271b1fbf64f/);
  await page.screenshot({ path: `${shots}page-ethereum.png`, fullPage: true });
  // A dapp on the page finds the verifying provider by EIP-6963 and reads the verified head through it.
  const viaAnnounce = await page.evaluate(() => new Promise((resolve) => {
    addEventListener('eip6963:announceProvider', (e) => e.detail.provider.request({ method: 'eth_blockNumber' }).then((n) => resolve([e.detail.info.rdns, n])), { once: true });
    dispatchEvent(new Event('eip6963:requestProvider'));
  }));
  const head = Number(text.match(/Verified head #(\d+)/)[1]);
  assert.deepEqual(viaAnnounce, ['io.metis.lightnode', `0x${head.toString(16)}`]);

  // A reload: the kept bootstrap and period updates are replayed (every check again), not fetched.
  const before = demo.beacon.state.requests.length;
  await page.reload();
  await page.waitForFunction(() => window.ready);
  await page.click('#pick-ethereum');
  await page.locator('#trust[data-state="verified"]', { hasText: 'sync committee' }).waitFor({ timeout: 30_000 });
  const asked = demo.beacon.state.requests.slice(before);
  assert.ok(!asked.some((p) => p.includes('/bootstrap/') || p.includes('/updates')), `asked again: ${asked.join(', ')}`);
  assert.deepEqual(consoleErrors, []);
});
