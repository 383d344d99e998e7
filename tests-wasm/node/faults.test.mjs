// Faults behind the node: of three servers, one drops connections, stalls, answers late or answers
// HTTP 500 in turn (then recovers), and another lies about every account proof. Two of three must
// agree on each header. Through all of it the node keeps answering from the others, every answer
// is the proven one, never the lie, and it recovers without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { startFaulty } from '../harness/faulty.mjs';

const WHO = '0x00000000000000000000000000000000000000aa';
const BALANCE = 10n ** 18n;

let anvil;
let flaky;
let liar;

before(async () => {
  anvil = await startAnvil();
  await anvil.rpc('anvil_setBalance', [WHO, `0x${BALANCE.toString(16)}`]);
  await anvil.rpc('evm_mine', []);
  [flaky, liar] = await Promise.all([startFaulty(anvil.url, { slowMs: 600 }), startFaulty(anvil.url)]);
  liar.set('lie');
});

after(async () => {
  await flaky?.close();
  await liar?.close();
  await anvil?.stop();
});

test('one server failing in every way and one lying: answers keep coming, all proven, and the node recovers', async () => {
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  const node = await LightNode.create({
    chain: 'devnet', rpc: [flaky.url, liar.url, anvil.url], agree: 2, checkpoint: { number: 0, hash: genesis.hash }, timeoutMs: 1_000,
  });
  const answers = [];
  for (const fault of ['ok', 'drop', 'stall', 'slow', 'http500', 'ok']) {
    flaky.set(fault);
    for (let i = 0; i < 2; i++) {
      await anvil.rpc('evm_mine', []);
      const expected = Number(await anvil.rpc('eth_blockNumber', []));
      await node.sync();
      const balance = await node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] });
      assert.equal(BigInt(balance), BALANCE, `${fault}: the proven balance, never the lie`);
      const block = await node.request({ method: 'eth_getBlockByNumber', params: ['latest', false] });
      assert.equal(Number(block.number), expected, `${fault}: the head follows the chain`);
      answers.push(fault);
    }
  }
  assert.equal(answers.length, 12);
  assert.ok(liar.requests > 0, 'the lying server was asked, and its proofs refused');
  // Recovered: the flaky server answers again, and the node never needed a restart.
  const before = flaky.requests;
  await node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] });
  assert.ok(flaky.requests >= before, 'the recovered server is in use again');
  assert.equal(node.trustStatus.agreement.mustAgree, 2);
});

test('when every server lies about a proof, the answer is a refusal, never the lie', async () => {
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  flaky.set('lie');
  try {
    const node = await LightNode.create({ chain: 'devnet', rpc: [flaky.url, liar.url], agree: 2, checkpoint: { number: 0, hash: genesis.hash } });
    await assert.rejects(node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] }), (e) => /^(PROOF_INVALID|CLAIM_MISMATCH)$/.test(e.data?.code));
  } finally {
    flaky.set('ok');
  }
});
