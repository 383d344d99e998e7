// Block re-execution through the npm package against a real anvil: blocks of mixed transactions
// (deploys, ERC-20 transfers, storage writes, reverts, CREATE2, EIP-7702, precompiles, value to new
// accounts) re-execute on a witness proven at the parent and match their headers; blocks where anvil
// departs from Ethereum's state rules are refused; a lying RPC gets the right typed error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { flipHex, startLiar } from '../harness/liar.mjs';
import { seedClearingBlock, seedEphemeralBlock, seedMixedBlock } from '../harness/mixed.mjs';
import { seedDevnet } from '../harness/seed.mjs';

let anvil;
let liar;
let seed;
let mixed;
let quirks;
let checkpoint;

before(async () => {
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  seed = await seedDevnet(anvil.url);
  mixed = await seedMixedBlock(anvil.url, seed);
  quirks = { clearing: await seedClearingBlock(anvil.url, seed), ephemeral: await seedEphemeralBlock(anvil.url, mixed.factory) };
  liar = await startLiar(anvil.url);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  checkpoint = { number: 0, hash: genesis.hash };
});

after(async () => {
  await liar?.close();
  await anvil?.stop();
});

const node = (rpc = anvil.url) => LightNode.create({ chain: 'devnet', rpc, checkpoint, timeoutMs: 10_000 });

test('every devnet block re-executes to its header: gas, receipts, bloom and state root', { timeout: 300_000 }, async () => {
  const n = await node();
  // Block 1 executes on anvil's genesis, whose header claims an empty state; the blob block's
  // transactions root is anvil's own (see seed.mjs). Every other block must re-execute exactly.
  const skip = new Set([1, Number(seed.blobBlockNumber)]);
  let checked = 0;
  for (let number = 2; number <= Number(mixed.second); number++) {
    if (skip.has(number)) continue;
    const header = await anvil.rpc('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]);
    const report = await n.verifyBlockExecution(number);
    assert.equal(report.stateRoot, header.stateRoot, `block ${number}`);
    assert.equal(report.receiptsRoot, header.receiptsRoot, `block ${number}`);
    assert.equal(report.gasUsed, Number(header.gasUsed), `block ${number}`);
    assert.equal(report.transactions, header.transactions.length, `block ${number}`);
    checked += 1;
  }
  assert.ok(checked >= 6, `${checked} blocks re-executed`);
  const first = await n.verifyBlockExecution(Number(mixed.first));
  assert.equal(first.transactions, mixed.firstCount);
  assert.ok(first.transactions >= 14 && first.slotsProven > 10, JSON.stringify(first));
  assert.ok(first.prestateHint, 'anvil serves the prestate tracer');
  assert.ok(first.witnessRounds <= 3, `witness took ${first.witnessRounds} proof batches`);
});

test("blocks where anvil breaks Ethereum's state rules are refused at the state root", async () => {
  const n = await node();
  for (const [what, number] of Object.entries(quirks)) {
    await assert.rejects(n.verifyBlockExecution(Number(number)), (err) => {
      assert.equal(err.code, 'EXECUTION_MISMATCH', `${what}: ${err.message}`);
      assert.match(err.message, /stateRoot/, what);
      return true;
    });
  }
});

/** Lies about the mixed block's re-execution, each with the error code it must end in. */
const lies = [
  { what: 'a witness proof node flipped', method: 'eth_getProof', code: 'PROOF_INVALID', apply: ({ answer }) => { const p = answer.result.accountProof; p[p.length - 1] = flipHex(p[p.length - 1]); } },
  { what: 'a witness balance changed', method: 'eth_getProof', code: 'CLAIM_MISMATCH', apply: ({ answer }) => { answer.result.balance = flipHex(answer.result.balance); } },
  { what: 'contract code changed', method: 'eth_getCode', code: 'ITEM_HASH_MISMATCH', apply: ({ answer }) => { answer.result = `${answer.result}00`; } },
  { what: 'a receipt changed', method: 'eth_getBlockReceipts', code: 'ROOT_MISMATCH', apply: ({ answer }) => { answer.result[0].cumulativeGasUsed = flipHex(answer.result[0].cumulativeGasUsed); } },
  { what: 'the claimed state root changed', method: 'eth_getBlockByNumber', code: 'HEADER_HASH_MISMATCH', apply: ({ answer }) => { answer.result.stateRoot = flipHex(answer.result.stateRoot); } },
  { what: 'the claimed gas used changed', method: 'eth_getBlockByNumber', code: 'HEADER_HASH_MISMATCH', apply: ({ answer }) => { answer.result.gasUsed = flipHex(answer.result.gasUsed); } },
  { what: 'a transaction changed', method: 'eth_getBlockByNumber', code: 'ITEM_HASH_MISMATCH', apply: ({ answer }) => { answer.result.transactions[2].value = flipHex(answer.result.transactions[2].value); } },
  { what: 'two transactions swapped', method: 'eth_getBlockByNumber', code: 'ROOT_MISMATCH', apply: ({ answer }) => { const t = answer.result.transactions; [t[1], t[2]] = [t[2], t[1]]; } },
];

test('a lying RPC is refused with the right reason', { timeout: 300_000 }, async () => {
  const number = Number(mixed.first);
  for (const lie of lies) {
    const n = await node(liar.url);
    const outcome = await liar.lie({ ...lie, occurrence: 0 }, () => n.verifyBlockExecution(number));
    assert.ok(outcome.applied, `${lie.what}: the lie was told`);
    assert.ok(outcome.error, `${lie.what}: must not verify`);
    assert.equal(outcome.error.code, lie.code, `${lie.what}: ${outcome.error.message}`);
  }
});

test('a lying prestate trace is only a hint: the verdict and the proven results stand', { timeout: 120_000 }, async () => {
  const number = Number(mixed.first);
  const honest = await (await node()).verifyBlockExecution(number);
  const hints = [
    ({ answer }) => { answer.result = []; },
    ({ answer }) => { for (const t of answer.result) t.result = { '0x00000000000000000000000000000000000000aa': { balance: '0x1' } }; },
  ];
  for (const apply of hints) {
    const n = await node(liar.url);
    const outcome = await liar.lie({ method: 'debug_traceBlockByNumber', occurrence: 0, apply }, () => n.verifyBlockExecution(number));
    assert.ok(outcome.applied && !outcome.error, String(outcome.error));
    assert.equal(outcome.value.stateRoot, honest.stateRoot);
    assert.equal(outcome.value.receiptsRoot, honest.receiptsRoot);
  }
});
