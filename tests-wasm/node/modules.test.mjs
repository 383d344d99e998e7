// The package's two wasm modules: a wallet's node starts in the first and answers from it; the first
// call that needs the full module (here a re-execution) loads it and moves the node there, anchored
// at a header the first node verified, so the move links a few headers rather than the whole range
// from the checkpoint, and older blocks stay reachable (linked backward). Installed filters move with
// the node: their ids keep working and each change is delivered once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode, fullModuleLoaded } from '../../pkg/index.js';
import { startAnvil, waitForReceipt } from '../harness/anvil.mjs';

const WHO = '0x00000000000000000000000000000000000000ee';
// Code that emits one log (LOG1, topic 0x2a) on any call; anvil's first dev account calls it.
const EMITTER = '0x00000000000000000000000000000000000000e1';
const DEV = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
// Five sync batches (200 headers each) past the checkpoint.
const BLOCKS = 1000;

let anvil;
let genesis;

before(async () => {
  anvil = await startAnvil();
  await anvil.rpc('anvil_setBalance', [WHO, '0xabcdef']);
  await anvil.rpc('anvil_setCode', [EMITTER, '0x602a60006000a100']);
  await anvil.rpc('anvil_mine', [`0x${BLOCKS.toString(16)}`]);
  genesis = (await anvil.rpc('eth_getBlockByNumber', ['0x0', false])).hash;
});

after(() => anvil?.stop());

/** A block with one log from EMITTER, synced into `node`; its hash. */
async function emit(node) {
  await waitForReceipt(anvil.url, await anvil.rpc('eth_sendTransaction', [{ from: DEV, to: EMITTER }]));
  await node.sync();
  return node.head.hash;
}

test('a node answers from the first module, moves to the full one on first use in fewer round trips than a sync from the checkpoint, and keeps its answers', async () => {
  const node = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis } });
  assert.equal(fullModuleLoaded(), false, 'a wallet node starts in the first module');
  const head = node.head.number;
  assert.equal(head, BLOCKS);
  const balance = await node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] });
  assert.equal(balance, '0xabcdef');
  const created = node.roundTrips;

  const poll = (id) => node.request({ method: 'eth_getFilterChanges', params: [id] });
  const blocks = await node.request({ method: 'eth_newBlockFilter', params: [] });
  const logs = await node.request({ method: 'eth_newFilter', params: [{ address: EMITTER }] });
  const first = await emit(node);

  // A poll in flight when the move starts is answered by the first node, and the move waits for it.
  let before = node.roundTrips;
  const [delivered, report] = await Promise.all([poll(logs), node.verifyBlockExecution(head)]);
  assert.equal(report.number, head);
  assert.equal(fullModuleLoaded(), true);
  const movedAndExecuted = node.roundTrips - before;
  assert.deepEqual(delivered.map((l) => [l.blockHash, l.address, l.topics[0]]), [[first, EMITTER, `0x${'2a'.padStart(64, '0')}`]]);
  assert.equal(node.head.number, head + 1, 'the same verified head');
  assert.deepEqual(await poll(logs), [], 'the log delivered before the move is not delivered again');
  assert.deepEqual(await poll(blocks), [first], 'the block filter goes on from where it was installed');
  const second = await emit(node);
  assert.deepEqual((await poll(logs)).map((l) => l.blockHash), [second]);
  assert.deepEqual(await poll(blocks), [second]);
  assert.equal(await node.request({ method: 'eth_uninstallFilter', params: [logs] }), true);
  assert.equal(await node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] }), balance);
  // A block below the new anchor is linked backward to it, and is the chain's.
  const old = await node.request({ method: 'eth_getBlockByNumber', params: ['0x5', false] });
  assert.equal(old.hash, (await anvil.rpc('eth_getBlockByNumber', ['0x5', false])).hash);

  // Once the full module is loaded a new node is created in it: its re-execution costs the reads alone.
  const fresh = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis } });
  before = fresh.roundTrips;
  await fresh.verifyBlockExecution(head);
  const executed = fresh.roundTrips - before;
  const moved = movedAndExecuted - executed;
  console.log(`# round trips: sync from the checkpoint ${created}, the move (with one filter poll) ${moved}, a re-execution ${executed}`);
  assert.ok(moved >= 1 && moved < created, `the move took ${moved} round trips, the sync from the checkpoint ${created}`);
});
