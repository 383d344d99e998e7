// A Metis wallet's node runs in the package's first module: on the Andromeda-shaped devnet (see
// andromeda.test.mjs) with an L1 node and `bindByL1`, as on Andromeda, every block's signer is
// proven from MetisSequencerSet's storage at its parent and its state root proven committed on L1,
// with the full module never loaded. An outsider's signature and a forged state root each stop
// latest before the block, in that module too. Its own process: nothing here may load the full one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePrivateKey } from 'viem/accounts';
import { LightNode, fullModuleLoaded } from '../../pkg/index.js';
import { address, commitOnL1, startAndromeda } from '../harness/andromeda.mjs';
import { flipHex } from '../harness/liar.mjs';

let devnet;
let l1;
let l1Checkpoint;
let committed;

before(async () => {
  devnet = await startAndromeda({ epochs: 17 });
  await devnet.send({ to: address(devnet.keys[2]), value: 1n });
  committed = Number(await devnet.anvil.rpc('eth_blockNumber', []));
  ({ l1, checkpoint: l1Checkpoint } = await commitOnL1(devnet.anvil, committed, { window: 600, cuts: [4] }));
});

after(async () => {
  await l1?.stop();
  await devnet?.stop();
});

const node = () =>
  LightNode.create({
    chain: 'metis-devnet', rpc: devnet.l2geth.url, checkpoint: devnet.checkpoint, timeoutMs: 10_000, bindByL1: true,
    l1: { chain: 'devnet', rpc: l1.url, checkpoint: l1Checkpoint },
  });

test('a sequencer chain bound by L1 syncs, proves its signers and answers in the first module', async () => {
  const n = await node();
  assert.equal(fullModuleLoaded(), false, 'created in the first module');
  assert.equal(n.head.number, committed, 'latest is the last block committed on L1');
  assert.match(n.trustStatus.tags.latest, /signed by a signer of the last 15 epochs of MetisSequencerSet/);
  assert.match(n.trustStatus.tags.latest, /StateCommitmentChain batch proven on L1/);
  const who = address(devnet.keys[2]);
  assert.equal(await n.request({ method: 'eth_getBalance', params: [who, 'latest'] }), await devnet.anvil.rpc('eth_getBalance', [who, `0x${committed.toString(16)}`]));
  const report = await n.verifySequencer(committed);
  assert.equal(report.verdict, 'signed');
  assert.equal(report.signer, address(devnet.signers.get(committed)));
  assert.equal(fullModuleLoaded(), false, 'nothing here needed the full module');
});

test('in the first module, an outsider-signed block and a forged state root each stop latest before the block', async () => {
  const honest = devnet.signers.get(committed);
  devnet.signers.set(committed, generatePrivateKey());
  try {
    const n = await node();
    assert.equal(n.head.number, committed - 1, 'the outsider-signed block is not latest');
    assert.match(n.trustStatus.latestStoppedBy, /sequencer: signer 0x[0-9a-fA-F]{40} is not the signer/);
  } finally {
    devnet.signers.set(committed, honest);
  }
  const header = await devnet.anvil.rpc('eth_getBlockByNumber', [`0x${committed.toString(16)}`, false]);
  devnet.l2geth.forge(committed, { stateRoot: flipHex(header.stateRoot) });
  try {
    const n = await node();
    assert.ok(n.head.number < committed, `a forged root is not latest (head ${n.head.number})`);
    assert.match(n.trustStatus.latestStoppedBy ?? '', /do not make batch|not the one committed/);
  } finally {
    devnet.l2geth.forge(committed, null);
  }
  assert.equal(fullModuleLoaded(), false);
});
