// Catching up on a sequencer chain: every block's signer is proven and its state root bound by
// re-execution, and the blocks of a sync batch are checked together, so the RPC client sends each
// step of every block's check as one JSON-RPC batch. A node far behind pays round trips per step,
// not per block; a forgery among them still stops the head right before it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePrivateKey } from 'viem/accounts';
import { LightNode } from '../../pkg/index.js';
import { address, startAndromeda } from '../harness/andromeda.mjs';
import { flipHex } from '../harness/liar.mjs';

const BLOCKS = 40;
let devnet;
let first;
let last;

before(async () => {
  devnet = await startAndromeda({ epochs: 3 });
  const to = address(devnet.keys[1]);
  for (let i = 0; i < BLOCKS; i += 1) last = await devnet.send({ to, value: BigInt(i + 1) });
  first = last - BLOCKS + 1;
});

after(async () => {
  await devnet?.stop();
});

const node = () => LightNode.create({ chain: 'metis-devnet', rpc: devnet.l2geth.url, checkpoint: devnet.checkpoint, timeoutMs: 10_000 });

test(`${BLOCKS} blocks, each signer proven and each state root re-executed, catch up in round trips per step, not per block`, async () => {
  const n = await node();
  assert.equal(Number(n.head.number), last);
  // Checked one block at a time, each block took about five round trips (178 for 34 blocks).
  assert.ok(n.roundTrips <= 24, `${n.roundTrips} round trips for ${last - devnet.checkpoint.number} blocks`);
  const to = address(devnet.keys[1]);
  const balance = await devnet.anvil.rpc('eth_getBalance', [to, 'latest']);
  assert.equal(await n.request({ method: 'eth_getBalance', params: [to, 'latest'] }), balance);
});

test('an outsider-signed block in the middle of the batch stops the head right before it', async () => {
  const middle = first + 20;
  const honest = devnet.signers.get(middle);
  devnet.signers.set(middle, generatePrivateKey());
  const n = await node().finally(() => devnet.signers.set(middle, honest));
  assert.equal(Number(n.head.number), middle - 1);
  assert.match(n.trustStatus.latestStoppedBy, /sequencer: signer 0x[0-9a-fA-F]{40} is not the signer/);
  assert.equal(await n.sync(), last, 'the honest block, once served, links with the ones after it');
});

test('a forged state root at the end of the batch: the blocks before it count, it does not', async () => {
  // (A forged root changes the header's hash: in the middle, the next header would not link at all.)
  const honest = await devnet.anvil.rpc('eth_getBlockByNumber', [`0x${last.toString(16)}`, false]);
  devnet.l2geth.forge(last, { stateRoot: flipHex(honest.stateRoot) });
  const n = await node().finally(() => devnet.l2geth.forge(last, null));
  assert.equal(Number(n.head.number), last - 1);
  assert.match(n.trustStatus.latestStoppedBy, /stateRoot/);
});
