// Andromeda's trust on an Andromeda-shaped devnet: anvil with l2geth's 15-field headers, our
// MetisSequencerSet (Andromeda's storage layout) holding the epochs, and an l2geth-format RPC that
// signs each block's transaction with the sequencer key of its epoch; a second anvil plays L1 with a
// StateCommitmentChain (the container's storage layout) holding batches of the L2 state roots.
// Every block's signer is proven from the contract's storage at the parent block; a wrong signer, a
// signer of an expired epoch, a forged recommit, a false L1 origin and a missing signature are each
// refused. State roots are proven committed on L1 and final past the fraud-proof window; a root not
// in its batch, an altered batch header, a batch the container does not hold, wrong siblings and a
// lying L1 proof are refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generatePrivateKey } from 'viem/accounts';
import { LightNode } from '../../pkg/index.js';
import { SCC, SEQUENCER_SET, address, appendOnL1, batchOf as batchIn, commitOnL1, startAndromeda } from '../harness/andromeda.mjs';
import { flipHex, startLiar } from '../harness/liar.mjs';
import { headerHash } from '../harness/l2geth.mjs';

const bin = new URL('../../target/debug/metis-lightnode', import.meta.url).pathname;
const EPOCHS = 17;
const WINDOW = 600;
let devnet;
let anvil;
let l2geth;
let checkpoint;
let keys;
/** Which key signs each block; a test may re-sign a block to lie about it. */
let signers;
let marks;
let l1;
let l1Liar;
let l1Checkpoint;
const batches = [];

before(async () => {
  devnet = await startAndromeda({ epochs: EPOCHS });
  ({ anvil, l2geth, checkpoint, keys, signers, marks } = devnet);
  marks.latest = await devnet.send({ to: address(keys[2]), value: 1n });
  marks.older = await devnet.send({ to: address(keys[3]), value: 1n });
  signers.set(marks.older, keys[5]);
});

after(async () => {
  await l1Liar?.close();
  await l1?.stop();
  await devnet?.stop();
});

/** L1: the StateCommitmentChain, then the L2 state roots of blocks 1..last in three batches. */
async function commitRoots(last) {
  const committed = await commitOnL1(anvil, last, { window: WINDOW, cuts: [4, 11] });
  ({ l1, checkpoint: l1Checkpoint } = committed);
  batches.push(...committed.batches);
  l1Liar = await startLiar(l1.url);
}

const node = () => LightNode.create({ chain: 'metis-devnet', rpc: l2geth.url, checkpoint, timeoutMs: 10_000 });

test('every block is signed by a sequencer the chain state allows, proven at its parent', async () => {
  const n = await node();
  const head = Number(n.head.number);
  assert.ok(head >= marks.older, `synced to ${head}`);
  for (let number = 2; number <= head; number += 1) {
    const report = await n.verifySequencer(number);
    const header = await anvil.rpc('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]);
    assert.equal(report.hash, header.hash);
    if (number === marks.recommit) {
      assert.deepEqual({ verdict: report.verdict, signer: report.signer }, { verdict: 'recommit', signer: address(keys[EPOCHS]) });
      continue;
    }
    assert.equal(report.verdict, 'signed', `block ${number}`);
    assert.equal(report.signer, address(signers.get(number)), `block ${number}`);
  }
  assert.equal((await n.verifySequencer(marks.latest)).epoch, EPOCHS);
  assert.equal((await n.verifySequencer(marks.older)).epoch, 5, 'a signer of an epoch among the last 15 is accepted');
  assert.equal((await n.verifySequencer(1)).verdict, 'notChecked');
});

/** Re-signs block `number` with `key` for the duration of `fn`. */
async function resigned(number, key, fn) {
  const honest = signers.get(number);
  signers.set(number, key);
  try {
    return await fn();
  } finally {
    signers.set(number, honest);
  }
}

test('a wrong signer, an expired epoch, a forged recommit, a false L1 origin and a missing signature are refused', async () => {
  const n = await node();
  const lies = [
    ['a key that signs no epoch', marks.latest, generatePrivateKey()],
    ['the signer of an epoch older than the last 15', marks.latest, keys[1]],
    ['a recommit signed by the old signer', marks.recommit, keys[EPOCHS - 1]],
    ['a signed transaction claimed from L1', marks.latest, 'l1'],
    ['no signature', marks.latest, null],
  ];
  for (const [what, number, key] of lies) {
    await resigned(number, key, () => assert.rejects(n.verifySequencer(number), (err) => {
      assert.equal(err.data?.code ?? err.code, 'SEQUENCER_INVALID', `${what}: ${err.message}`);
      return true;
    }));
  }
  assert.equal((await n.verifySequencer(marks.latest)).verdict, 'signed', 'the honest answer still verifies');
});

test('sync links only blocks whose signer is proven: an outsider-signed block stops the head before it, and the trust status says why', async () => {
  const outsider = generatePrivateKey();
  const n = await resigned(marks.latest, outsider, async () => {
    const stopped = await node();
    assert.equal(Number(stopped.head.number), marks.latest - 1, 'the outsider-signed block is not the head');
    assert.equal(await stopped.request({ method: 'eth_blockNumber' }), `0x${(marks.latest - 1).toString(16)}`);
    assert.match(stopped.trustStatus.latestStoppedBy, /sequencer: signer 0x[0-9a-fA-F]{40} is not the signer/);
    await assert.rejects(stopped.sync(), (err) => (err.data?.code ?? err.code) === 'SEQUENCER_INVALID');
    return stopped;
  });
  // The honest block, once served, links, and so do the blocks after it; the reason is gone.
  assert.equal(await n.sync(), Number(await anvil.rpc('eth_blockNumber', [])));
  assert.equal(n.trustStatus.latestStoppedBy, null);
  assert.match(n.trustStatus.tags.latest, /signed by a signer of the last 15 epochs of MetisSequencerSet/);
});

test('a real signed transaction under a forged state root is not made latest: every block is bound by re-execution', async () => {
  const honest = await anvil.rpc('eth_getBlockByNumber', [`0x${marks.older.toString(16)}`, false]);
  assert.equal(headerHash(honest), honest.hash, 'the harness hashes l2geth headers as the node does');
  l2geth.forge(marks.older, { stateRoot: flipHex(honest.stateRoot) });
  const n = await node().finally(() => l2geth.forge(marks.older, null));
  // Not yet: the forge is lifted only after the node was made, so it stopped before the forged head.
  assert.equal(Number(n.head.number), marks.older - 1, 'the forged head is not latest');
  assert.match(n.trustStatus.latestStoppedBy, /stateRoot/);
  assert.match(n.trustStatus.tags.latest, /bound by re-executing the block/);
  // The honest block, once served, is bound and becomes latest.
  assert.equal(await n.sync(), marks.older);
  assert.equal(n.trustStatus.latestStoppedBy, null);
});

test('verify-block --chain metis-devnet prints the signer, epoch and verdict of each block', async () => {
  const args = ['verify-block', '--chain', 'metis-devnet', '--rpc', l2geth.url, '--checkpoint', `1:${checkpoint.hash}`, `2..${marks.older}`];
  const out = await new Promise((resolve, reject) => {
    const child = spawn(bin, args);
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    child.stderr.on('data', (d) => { text += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
  assert.equal(out.code, 0, out.text);
  assert.match(out.text, new RegExp(`block ${marks.latest} .* signed by ${address(keys[EPOCHS])}, the signer of epoch ${EPOCHS}`, 'i'));
  assert.match(out.text, new RegExp(`block ${marks.recommit} .* recommitEpoch signed by the new signer`));
});

const l1Node = (rpc = l1.url) => LightNode.create({ chain: 'devnet', rpc, checkpoint: l1Checkpoint, timeoutMs: 10_000 });
const batchOf = (block) => batchIn(batches, block);
const request = (block, batch = batchOf(block)) => ({ block, scc: SCC, container: SCC, batch });

test('state roots are proven committed on L1, and final once the fraud-proof window has passed', async () => {
  await commitRoots(marks.older);
  assert.equal(batches.length, 3);
  const n = await node();
  for (const block of [1, 3, 4, 5, 8, 11, 12, marks.older]) {
    // The SCC and its container from the preset (odd blocks), or as the request names them.
    const { scc, container, ...preset } = request(block);
    const report = await n.verifyL1Commitment(await l1Node(), block % 2 ? preset : { ...preset, scc, container });
    const header = await anvil.rpc('eth_getBlockByNumber', [`0x${block.toString(16)}`, false]);
    assert.equal(report.stateRoot, header.stateRoot, `block ${block}`);
    assert.equal(report.elementIndex, block - 1);
    assert.equal(report.batchIndex, batchOf(block).batchIndex);
    assert.deepEqual([report.fraudProofWindow, report.pastFraudWindow, report.finalized], [WINDOW, false, false]);
  }
  // An L1 head ahead of the clock (its time moved forward past the window) proves no time has passed.
  await l1.rpc('evm_increaseTime', [WINDOW + 1]);
  await l1.rpc('evm_mine', []);
  const early = await n.verifyL1Commitment(await l1Node(), request(8));
  assert.deepEqual([early.pastFraudWindow, early.finalized], [false, false], 'a far-future L1 header makes nothing final');
  // A window that truly passes: the same roots in a second StateCommitmentChain with a 2-second window.
  const short = await commitOnL1(anvil, 8, { window: 2, cuts: [4] });
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await short.l1.rpc('evm_mine', []);
    const shortL1 = await LightNode.create({ chain: 'devnet', rpc: short.l1.url, checkpoint: short.checkpoint, timeoutMs: 10_000 });
    const final = await n.verifyL1Commitment(shortL1, { block: 8, scc: SCC, container: SCC, batch: batchIn(short.batches, 8) });
    assert.deepEqual([final.pastFraudWindow, final.finalized], [true, true]);
    // Sync's own binding by L1 commitments finalizes what is past the window, with no request.
    const bound = await LightNode.create({ chain: 'metis-devnet', rpc: l2geth.url, checkpoint, timeoutMs: 10_000, bindByL1: true, l1: { chain: 'devnet', rpc: short.l1.url, checkpoint: short.checkpoint } });
    assert.equal(bound.head.number, 8, 'latest is the last block committed on that L1');
    assert.equal(bound.trustStatus.finalizedByL1, 8, 'and final: its batch is past the fraud-proof window');
    const boundFinal = await bound.request({ method: 'eth_getBlockByNumber', params: ['finalized', false] });
    assert.equal(Number(boundFinal.number), 8);
  } finally {
    await short.l1.stop();
  }
  const finalized = await n.request({ method: 'eth_getBlockByNumber', params: ['finalized', false] });
  assert.equal(Number(finalized.number), 8, 'the block proven final on L1 is the node\'s finalized block');
  assert.equal(n.trustStatus.finalizedByL1, 8);
});

test('a root outside its batch, an altered batch header, a batch not held, a container the SCC does not name, wrong siblings and a lying L1 proof are refused', async () => {
  const n = await node();
  const refused = async (what, l1node, req, code = 'L1_COMMITMENT_INVALID') => {
    await assert.rejects(n.verifyL1Commitment(l1node, req), (err) => {
      assert.equal(err.code, code, `${what}: ${err.message}`);
      return true;
    });
  };
  const honestL1 = await l1Node();
  await refused('a block of another batch', honestL1, request(8, batches[0]));
  await refused('an altered batch root', honestL1, request(8, { ...batches[1], batchRoot: flipHex(batches[1].batchRoot) }));
  await refused('an altered element count', honestL1, request(8, { ...batches[1], prevTotalElements: batches[1].prevTotalElements + 1 }));
  await refused('a batch the container does not hold', honestL1, request(8, { ...batches[1], batchIndex: 9 }));
  // A container the SCC does not name (here: an account with no contract), given or ...
  await refused('a container that is not the SCC\'s', honestL1, { ...request(8), container: address(keys[0]) }, 'L1_COMMITMENT_INVALID');
  // ... an SCC that is not one (no code: its `batches()` answers nothing).
  await refused('an SCC with no code', honestL1, { ...request(8), scc: address(keys[0]) }, 'L1_COMMITMENT_INVALID');
  const wrongSiblings = { ...request(8), siblings: [batches[0].batchRoot, batches[1].batchRoot, batches[2].batchRoot] };
  await refused('wrong siblings', honestL1, wrongSiblings);
  // The container's proof (its two slots: context and batch hash) is the one to lie in.
  await l1Liar.record(async () => n.verifyL1Commitment(await l1Node(l1Liar.url), request(8)));
  const occurrence = l1Liar.recorded.filter((r) => r.method === 'eth_getProof').findIndex((r) => r.params[1].length === 2);
  assert.ok(occurrence >= 0, 'the container is proven');
  const lyingL1 = await l1Node(l1Liar.url);
  const outcome = await l1Liar.lie(
    { method: 'eth_getProof', occurrence, apply: ({ answer }) => { const sp = answer.result.storageProof[1]; sp.value = flipHex(sp.value); } },
    () => n.verifyL1Commitment(lyingL1, request(8)),
  );
  assert.ok(outcome.applied && outcome.error, 'the lie was told and refused');
  assert.equal(outcome.error.code, 'CLAIM_MISMATCH', outcome.error.message);
});

test('without a batch header, the batch is found in the L1 server\'s StateBatchAppended logs, and a lying log is refused', async () => {
  const n = await node();
  const { batch, ...withoutBatch } = request(8);
  const found = await n.verifyL1Commitment(await l1Node(), withoutBatch);
  assert.deepEqual([found.batchIndex, found.elementIndex, found.stateRoot], [batch.batchIndex, 7, (await anvil.rpc('eth_getBlockByNumber', ['0x8', false])).stateRoot]);
  const lyingL1 = await l1Node(l1Liar.url);
  const outcome = await l1Liar.lie(
    { method: 'eth_getLogs', occurrence: 0, apply: ({ answer }) => { for (const log of answer.result) log.data = flipHex(log.data); } },
    () => n.verifyL1Commitment(lyingL1, withoutBatch),
  );
  assert.ok(outcome.applied && outcome.error, 'the lie was told and refused');
  assert.equal(outcome.error.code, 'L1_COMMITMENT_INVALID', outcome.error.message);
});

test('the batch log search is bounded: windows back from the L1 head, l1FromBlock to reach further, and an uncommitted block said so', async () => {
  const n = await node();
  const { batch, ...withoutBatch } = request(8);
  await l1.rpc('anvil_mine', ['0x28']);
  const narrow = await LightNode.create({ chain: 'devnet', rpc: l1.url, checkpoint: l1Checkpoint, timeoutMs: 10_000, maxLogRange: 1 });
  await assert.rejects(n.verifyL1Commitment(narrow, withoutBatch), (e) => e.code === 'L1_COMMITMENT_INVALID' && /give l1FromBlock/.test(e.message));
  const found = await n.verifyL1Commitment(narrow, { ...withoutBatch, l1FromBlock: 0 });
  assert.equal(found.batchIndex, batch.batchIndex);
  // A new signed block, in no batch yet.
  const head = await devnet.send({ to: address(keys[4]), value: 1n });
  const last = batches.at(-1);
  assert.ok(head > last.prevTotalElements + last.batchSize, 'the L2 head is past the last committed batch');
  await assert.rejects(n.verifyL1Commitment(await l1Node(), { block: head, scc: SCC, container: SCC, l1FromBlock: 0 }), (e) => /not committed yet/.test(e.message));
});

test('with an L1 node, blocks are bound by their state roots committed on L1: latest follows the commitments, a forged root is refused', async () => {
  const withL1 = () => LightNode.create({
    chain: 'metis-devnet', rpc: l2geth.url, checkpoint, timeoutMs: 10_000, bindByL1: true, l1: { chain: 'devnet', rpc: l1.url, checkpoint: l1Checkpoint },
  });
  const committed = batches.at(-1).prevTotalElements + batches.at(-1).batchSize;
  const head = Number(await anvil.rpc('eth_blockNumber', []));
  assert.ok(head > committed, 'the L2 head is not committed yet');
  const n = await withL1();
  assert.equal(n.head.number, committed, 'latest is the last block committed on L1');
  assert.match(n.trustStatus.latestStoppedBy ?? '', /not committed yet/);
  assert.match(n.trustStatus.tags.latest, /StateCommitmentChain batch proven on L1/);
  assert.equal(n.trustStatus.finalizedByL1, null, 'inside the fraud-proof window nothing is final');
  assert.equal(BigInt(await n.request({ method: 'eth_getBalance', params: [address(keys[3]), 'latest'] })), BigInt(await anvil.rpc('eth_getBalance', [address(keys[3]), `0x${committed.toString(16)}`])));
  // Only the state root is committed: receipts and logs of such a block rest on the server's header.
  const tag = `0x${committed.toString(16)}`;
  for (const [method, params] of [['eth_getBlockReceipts', [tag]], ['eth_getLogs', [{ fromBlock: tag, toBlock: tag }]]]) {
    await assert.rejects(n.request({ method, params }), (e) => (e.data?.code ?? e.code) === 'STATE_UNBOUND', method);
  }
  // The rest committed: latest reaches the L2 head.
  batches.push(await appendOnL1(l1, anvil, committed + 1, head));
  assert.equal(await n.sync(), head);
  // A forged state root for a committed block, re-hashed and linked to the honest chain: its
  // batch's roots no longer make the committed root, so latest stops before the batch.
  const honest = await anvil.rpc('eth_getBlockByNumber', [`0x${head.toString(16)}`, false]);
  l2geth.forge(head, { stateRoot: flipHex(honest.stateRoot) });
  try {
    const forged = await withL1();
    assert.equal(forged.head.number, committed);
    assert.match(forged.trustStatus.latestStoppedBy ?? '', /do not make batch|not the one committed/);
  } finally {
    l2geth.forge(head, null);
  }
});

// Last: these blocks stop every later sync before them.
test('a recommitEpoch counts only when the MPC address sent it and it succeeded', async () => {
  const named = keys[EPOCHS + 1];
  const refused = async (n, number, pattern) => {
    assert.equal(Number(n.head.number), number - 1, `block ${number} is not latest`);
    await assert.rejects(n.verifySequencer(number), (err) => {
      assert.equal(err.data?.code ?? err.code, 'SEQUENCER_INVALID');
      assert.match(err.message, pattern);
      return true;
    });
  };
  // The MPC address sends a recommit the contract refuses (not the next epoch).
  const reverted = await devnet.send({ to: SEQUENCER_SET, data: devnet.recommit([0n, 1n, 1n, 2n, address(named)]) });
  signers.set(reverted, named);
  await refused(await node(), reverted, /recommitEpoch reverted/);
  // Anyone else's recommit naming themselves; checked from a checkpoint past the reverted block.
  const outsider = generatePrivateKey();
  const funded = await devnet.send({ to: address(outsider), value: 10n ** 18n });
  const forged = await devnet.send({ to: SEQUENCER_SET, data: devnet.recommit([BigInt(EPOCHS), BigInt(EPOCHS + 1), 1n, 2n, address(outsider)]) }, { from: outsider });
  signers.set(forged, outsider);
  const past = { number: funded, hash: (await anvil.rpc('eth_getBlockByNumber', [`0x${funded.toString(16)}`, false])).hash };
  const n = await LightNode.create({ chain: 'metis-devnet', rpc: l2geth.url, checkpoint: past, timeoutMs: 10_000 });
  await refused(n, forged, /sent by 0x[0-9a-fA-F]{40}, not by the MPC address/);
});
