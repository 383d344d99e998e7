// Andromeda's sequencer trust on an Andromeda-shaped devnet: anvil with l2geth's 15-field headers,
// our MetisSequencerSet (Andromeda's storage layout) holding the epochs, and an l2geth-format RPC
// that signs each block's transaction with the sequencer key of its epoch. Every block's signer is
// proven from the contract's storage at the parent block; a wrong signer, a signer of an expired
// epoch, a forged recommit, a false L1 origin and a missing signature are each refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWalletClient, encodeDeployData, encodeFunctionData, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { startL2geth } from '../harness/l2geth.mjs';
import { DEV_KEY } from '../harness/seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

const bin = new URL('../../target/debug/metis-lightnode', import.meta.url).pathname;
const EPOCHS = 17;
let anvil;
let l2geth;
let checkpoint;
const keys = Array.from({ length: EPOCHS + 2 }, () => generatePrivateKey());
const address = (key) => privateKeyToAccount(key).address.toLowerCase();
/** Which key signs each block; a test may re-sign a block to lie about it. */
const signers = new Map();
const marks = {};

before(async () => {
  anvil = await startAnvil({ args: ['--hardfork', 'istanbul', '--chain-id', '31338'] });
  l2geth = await startL2geth(anvil.url, { keyFor: (n) => signers.get(n) ?? null });
  const { MetisSequencerSet } = compileContracts();
  const chain = { ...foundry, id: 31338 };
  const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain, transport: http(anvil.url) });
  const legacy = { type: 'legacy', gasPrice: 2_000_000_000n, gas: 1_000_000n };
  const mined = async (hash) => {
    for (;;) {
      const receipt = await anvil.rpc('eth_getTransactionReceipt', [hash]);
      if (receipt) return Number(receipt.blockNumber);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // Block 1: the sequencer set, epoch 0 signed by keys[0] (the first contract of the dev account).
  await mined(await wallet.sendTransaction({ ...legacy, data: encodeDeployData({ abi: MetisSequencerSet.abi, bytecode: MetisSequencerSet.bytecode, args: [address(keys[0]), 1000n] }) }));
  const block1 = await anvil.rpc('eth_getBlockByNumber', ['0x1', false]);
  checkpoint = { number: 1, hash: block1.hash };
  const set = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  let current = 0;
  const send = async (tx) => {
    const n = await mined(await wallet.sendTransaction({ ...legacy, ...tx }));
    signers.set(n, keys[current]);
    return n;
  };
  marks.transfer = await send({ to: address(keys[1]), value: parseEther('1') });
  for (let epoch = 1; epoch <= EPOCHS - 1; epoch += 1) {
    await send({ to: set, data: encodeCall(MetisSequencerSet.abi, 'commitEpoch', [BigInt(epoch), 0n, 0n, address(keys[epoch])]) });
    current = epoch;
  }
  // recommitEpoch: the block is signed by the new signer it names.
  marks.recommit = await mined(await wallet.sendTransaction({ ...legacy, to: set, data: encodeCall(MetisSequencerSet.abi, 'recommitEpoch', [BigInt(EPOCHS - 1), BigInt(EPOCHS), 0n, 0n, address(keys[EPOCHS])]) }));
  signers.set(marks.recommit, keys[EPOCHS]);
  current = EPOCHS;
  marks.latest = await send({ to: address(keys[2]), value: 1n });
  marks.older = await send({ to: address(keys[3]), value: 1n });
  signers.set(marks.older, keys[5]);
});

after(async () => {
  await l2geth?.close();
  await anvil?.stop();
});

function encodeCall(abi, functionName, args) {
  return encodeFunctionData({ abi, functionName, args });
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
