// A reorg while an answer is in flight: a balance request resolves block N and its proof is held
// back by the server; meanwhile block N is replaced (another state root) and a second request is
// answered on the new branch; then the held proof arrives. The held request must not answer with the
// new branch's state as if it were the old block's, and nothing it fetched may leak into later
// answers: every later request answers from the branch the node now follows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

const WHO = '0x00000000000000000000000000000000000000cc';
const ONE = 10n ** 18n;

let anvil;
let proxy;

/** A proxy that holds back the first eth_getProof it sees until `release()`. */
async function startHolder(upstream) {
  let hold = false;
  let held = null;
  let seen;
  const seenHeld = new Promise((resolve) => { seen = resolve; });
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (hold && body.includes('"eth_getProof"')) {
      hold = false;
      await new Promise((resolve) => { held = resolve; seen(); });
    }
    const answer = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answer);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    holdNextProof() { hold = true; },
    seenHeld,
    release() { held?.(); },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

before(async () => {
  anvil = await startAnvil();
  proxy = await startHolder(anvil.url);
});

after(async () => {
  await proxy?.close();
  await anvil?.stop();
});

test('a proof held back across a reorg answers nothing from the other branch, and later answers follow the new branch', async () => {
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  await anvil.rpc('evm_mine', []);
  const snapshot = await anvil.rpc('evm_snapshot', []);
  await anvil.rpc('anvil_setBalance', [WHO, `0x${ONE.toString(16)}`]);
  await anvil.rpc('evm_mine', []);
  const old = await anvil.rpc('eth_getBlockByNumber', ['latest', false]);
  const node = await LightNode.create({ chain: 'devnet', rpc: proxy.url, checkpoint: { number: 0, hash: genesis.hash }, timeoutMs: 10_000 });
  assert.equal(node.head.hash, old.hash);

  proxy.holdNextProof();
  const inFlight = node.request({ method: 'eth_getBalance', params: [WHO, old.number] }).then((value) => ({ value }), (error) => ({ error }));
  await proxy.seenHeld;
  // Block N replaced: the same height, another balance, another state root.
  await anvil.rpc('evm_revert', [snapshot]);
  await anvil.rpc('anvil_setBalance', [WHO, `0x${(2n * ONE).toString(16)}`]);
  await anvil.rpc('evm_mine', []);
  const replaced = await anvil.rpc('eth_getBlockByNumber', ['latest', false]);
  assert.equal(replaced.number, old.number);
  assert.notEqual(replaced.stateRoot, old.stateRoot);
  await node.sync();
  assert.equal(node.head.hash, replaced.hash, 'the node follows the new branch');
  assert.equal(BigInt(await node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] })), 2n * ONE);

  proxy.release();
  const held = await inFlight;
  // The held proof now comes from the new branch: it cannot be proven against the old header, and
  // it is never the new branch's balance passed off as the old block's.
  if (held.error) assert.match(held.error.data?.code ?? '', /^(PROOF_INVALID|CLAIM_MISMATCH|UNKNOWN_BLOCK|ROOT_MISMATCH)$/, held.error.message);
  else assert.equal(BigInt(held.value), ONE, 'if answered, it is the old block\'s own balance');
  for (const tag of ['latest', replaced.number, { blockHash: replaced.hash }]) {
    assert.equal(BigInt(await node.request({ method: 'eth_getBalance', params: [WHO, tag] })), 2n * ONE, `at ${JSON.stringify(tag)}`);
  }
  // The old block is gone: asked by its hash, it is not answered from either branch's state.
  await assert.rejects(node.request({ method: 'eth_getBalance', params: [WHO, { blockHash: old.hash }] }));
});
