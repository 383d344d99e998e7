// The package's two wasm modules: a wallet's node starts in the first and answers from it; the first
// call that needs the full module (here a re-execution) loads it and moves the node there, anchored
// at a header the first node verified, so the move links a few headers rather than the whole range
// from the checkpoint, and older blocks stay reachable (linked backward).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode, fullModuleLoaded } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

const WHO = '0x00000000000000000000000000000000000000ee';
// Five sync batches (200 headers each) past the checkpoint.
const BLOCKS = 1000;

let anvil;
let genesis;

before(async () => {
  anvil = await startAnvil();
  await anvil.rpc('anvil_setBalance', [WHO, '0xabcdef']);
  await anvil.rpc('anvil_mine', [`0x${BLOCKS.toString(16)}`]);
  genesis = (await anvil.rpc('eth_getBlockByNumber', ['0x0', false])).hash;
});

after(() => anvil?.stop());

test('a node answers from the first module, moves to the full one on first use in fewer round trips than a sync from the checkpoint, and keeps its answers', async () => {
  const node = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis } });
  assert.equal(fullModuleLoaded(), false, 'a wallet node starts in the first module');
  const head = node.head.number;
  assert.equal(head, BLOCKS);
  const balance = await node.request({ method: 'eth_getBalance', params: [WHO, 'latest'] });
  assert.equal(balance, '0xabcdef');
  const created = node.roundTrips;

  let before = node.roundTrips;
  assert.equal((await node.verifyBlockExecution(head)).number, head);
  assert.equal(fullModuleLoaded(), true);
  const movedAndExecuted = node.roundTrips - before;
  assert.equal(node.head.number, head, 'the same verified head');
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
  console.log(`# round trips: sync from the checkpoint ${created}, the move ${moved}, a re-execution ${executed}`);
  assert.ok(moved >= 1 && moved < created, `the move took ${moved} round trips, the sync from the checkpoint ${created}`);
});
