// The LazAI checks in headless Chromium against anvil seeded with LazAI's own contracts behind their
// proxies: the true cases pass and the refusals hold in the browser build too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAnvil } from '../harness/anvil.mjs';
import { openTestPage } from '../harness/browser.mjs';
import { FILE_BYTES, seedLazai } from '../harness/lazai.mjs';

let anvil;
let opened;
let page;
let options;
let seed;

before(async () => {
  anvil = await startAnvil();
  const { nodeKey, strangerKey, proofData, ...rest } = await seedLazai(anvil.url);
  seed = rest;
  options = { chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: (await anvil.rpc('eth_getBlockByNumber', ['0x0', false])).hash } };
  opened = await openTestPage('tests-wasm/browser/lazai.html');
  page = opened.page;
});

after(async () => {
  await opened?.close();
  await anvil?.stop();
});

test('DAT, data anchor, inference proof and iDAO checks pass and refuse in Chromium', async () => {
  const r = await page.evaluate(([o, s, bytes]) => window.runChecks(o, s, bytes), [options, seed, [...FILE_BYTES]]);
  assert.equal(BigInt(r.ownership.value.balance), 42n);
  assert.equal(r.ownership.value.storageProof, true);
  assert.equal(r.ownership.value.implementation.toLowerCase(), seed.datImplementation.toLowerCase());
  assert.equal(r.classToken.value.flavour, 'erc8028');
  assert.equal(r.anchor.value.hashFunction, 'sha256');
  assert.equal(r.anchorFlipped.error.code, 'CLAIM_MISMATCH');
  assert.equal(BigInt(r.proof.value.score), 42n);
  assert.equal(r.proofByStranger.error.code, 'CLAIM_MISMATCH');
  assert.equal(r.proofByRemovedNode.error.code, 'CLAIM_MISMATCH');
  assert.match(r.proofForAnotherFile.error?.message ?? '', /attests file 1/);
  assert.equal(r.proposal.value.state, 'active');
  assert.deepEqual([r.vote.value.hasVoted, r.vote.value.vote.support], [true, 'against']);
});
