// A lying RPC between the node and anvil changes one answer at a time: header fields, proof nodes
// (flipped, dropped, reordered, duplicated, from another block), proofs for another account or slot,
// code, storage values, receipts and logs, transaction contents and order, truncated JSON, wrong ids.
// Every lie must end in a typed error, or (where it touched nothing the answer depends on) in the
// very answer an honest server gives. No lie may reach the caller as data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { encodeFunctionData } from 'viem';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { arrayPaths, flipHex, getAt, hexPaths, setAt, startLiar } from '../harness/liar.mjs';
import { seedDevnet, slot } from '../harness/seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

const { Token, Probe } = compileContracts();
let anvil;
let liar;
let seed;
let checkpoint;
let block;

before(async () => {
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  seed = await seedDevnet(anvil.url);
  // The fee oracle reads the last 20 blocks: past the seed's blob block (whose transactions root
  // anvil makes non-canonical), then one block with a transfer whose tip it samples.
  await anvil.rpc('anvil_mine', ['0x14']);
  await anvil.rpc('eth_sendTransaction', [{ from: seed.sender, to: seed.authority, value: '0x1', gasPrice: '0x77359400' }]);
  await anvil.rpc('evm_mine', []);
  liar = await startLiar(anvil.url);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  checkpoint = { number: 0, hash: genesis.hash };
  block = await anvil.rpc('eth_blockNumber', []);
});

after(async () => {
  await liar?.close();
  await anvil?.stop();
});

const node = () => LightNode.create({ chain: 'devnet', rpc: liar.url, checkpoint, timeoutMs: 5_000 });

const queries = () => ({
  balance: ['eth_getBalance', [seed.sender, block]],
  nonce: ['eth_getTransactionCount', [seed.sender, block]],
  storage: ['eth_getStorageAt', [seed.probe, '0x0', block]],
  code: ['eth_getCode', [seed.token, block]],
  proof: ['eth_getProof', [seed.probe, [slot(0)], block]],
  block: ['eth_getBlockByNumber', [seed.blockNumber, true]],
  transaction: ['eth_getTransactionByHash', [seed.transferHash]],
  receipt: ['eth_getTransactionReceipt', [seed.transferHash]],
  blockReceipts: ['eth_getBlockReceipts', [seed.blockNumber]],
  logs: ['eth_getLogs', [{ address: seed.probe, fromBlock: '0x0', toBlock: block }]],
  call: ['eth_call', [{ to: seed.token, data: encodeFunctionData({ abi: Token.abi, functionName: 'balanceOf', args: [seed.authority] }) }, block]],
  estimate: ['eth_estimateGas', [{ from: seed.sender, to: seed.probe, data: encodeFunctionData({ abi: Probe.abi, functionName: 'bump', args: [1n] }) }, block]],
  feeHistory: ['eth_feeHistory', ['0x2', seed.blockNumber, [10, 90]]],
  tip: ['eth_maxPriorityFeePerGas', []],
  gasPrice: ['eth_gasPrice', []],
  transactionByIndex: ['eth_getTransactionByBlockNumberAndIndex', [seed.blockNumber, '0x0']],
  transactionCount: ['eth_getBlockTransactionCountByNumber', [seed.blockNumber]],
  simulate: ['eth_simulateV1', [{ blockStateCalls: [{ calls: [
    { from: seed.sender, to: seed.probe, data: encodeFunctionData({ abi: Probe.abi, functionName: 'bump', args: [2n] }) },
    { to: seed.token, data: encodeFunctionData({ abi: Token.abi, functionName: 'balanceOf', args: [seed.authority] }) },
  ] }] }, block]],
  fill: ['eth_fillTransaction', [{ from: seed.sender, to: seed.authority, value: '0x1' }]],
  // A filter is the node's own state: installed, then its logs asked for, in one query.
  filterLogs: async (n) => {
    const id = await n.request({ method: 'eth_newFilter', params: [{ address: seed.probe, fromBlock: '0x0', toBlock: block }] });
    return n.request({ method: 'eth_getFilterLogs', params: [id] });
  },
});

/** Asks `n` one query: a `[method, params]` pair or a function of the node. */
const ask = (n, query) => (typeof query === 'function' ? query(n) : n.request({ method: query[0], params: query[1] }));

/** Spreads `n` picks over `list`. */
const sample = (list, n) => (list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]));

/** The lies told about one recorded answer. */
function liesAbout(entry, otherBlock, otherTarget) {
  const { method, occurrence, answer } = entry;
  const lies = [];
  const at = (kind, apply) => lies.push({ kind: `${method}#${occurrence} ${kind}`, method, occurrence, apply });
  for (const path of sample(hexPaths(answer.result), 40)) {
    at(`flip ${path.join('.') || 'result'}`, ({ answer: a }) => {
      if (path.length === 0) a.result = flipHex(a.result);
      else setAt(a.result, path, flipHex(getAt(a.result, path)));
    });
  }
  for (const path of sample(arrayPaths(answer.result), 12)) {
    const name = path.join('.') || 'result';
    const list = (a) => (path.length ? getAt(a.result, path) : a.result);
    at(`drop last of ${name}`, ({ answer: a }) => list(a).pop());
    at(`duplicate first of ${name}`, ({ answer: a }) => list(a).push(structuredClone(list(a)[0])));
    if (getAt({ r: answer.result }, ['r', ...path]).length > 1) at(`swap first two of ${name}`, ({ answer: a }) => { const l = list(a); [l[0], l[1]] = [l[1], l[0]]; });
  }
  at('truncated JSON', ({ list }) => JSON.stringify(list).slice(0, 40));
  at('wrong id', ({ answer: a }) => { a.id = 4242; });
  at('error instead of result', ({ answer: a }) => { delete a.result; a.error = { code: -32000, message: 'lie' }; });
  at('null result', ({ answer: a }) => { a.result = null; });
  if (otherBlock.has(method)) at('answer from another block', ({ answer: a }) => { a.result = structuredClone(otherBlock.get(method)); });
  for (const [kind, other] of otherTarget.get(method) ?? []) at(kind, ({ answer: a }) => { a.result = structuredClone(other); });
  return lies;
}

test('every lie is refused with a typed error or leaves the verified answer unchanged', { timeout: 600_000 }, async () => {
  let tried = 0;
  let caught = 0;
  let harmless = 0;
  let hidden = 0;
  const reached = [];
  const codes = new Map();
  const earlier = `0x${(Number(block) - 1).toString(16)}`;
  const otherBlock = new Map([
    ['eth_getProof', await anvil.rpc('eth_getProof', [seed.probe, [slot(0)], earlier])],
    ['eth_getBlockByNumber', await anvil.rpc('eth_getBlockByNumber', [earlier, true])],
    ['eth_getBlockReceipts', await anvil.rpc('eth_getBlockReceipts', [earlier])],
    ['eth_getCode', await anvil.rpc('eth_getCode', [seed.probe, earlier])],
  ]);
  // Proofs that are genuine, but for another account or another slot than the one asked for.
  const otherTarget = new Map([['eth_getProof', [
    ['proof for another account', await anvil.rpc('eth_getProof', [seed.token, [slot(0)], block])],
    ['proof for another slot', await anvil.rpc('eth_getProof', [seed.probe, [slot(1)], block])],
    ['account proof without the slot asked for', await anvil.rpc('eth_getProof', [seed.probe, [], block])],
  ]]]);
  for (const [name, query] of Object.entries(queries())) {
    const method = typeof query === 'function' ? name : query[0];
    const honestNode = await node();
    const honest = await liar.record(() => ask(honestNode, query));
    const recorded = liar.recorded;
    assert.ok(recorded.length > 0, `${name} made no RPC call`);
    for (const entry of recorded) {
      for (const lie of liesAbout(entry, otherBlock, otherTarget)) {
        const fresh = await node();
        const outcome = await liar.lie(lie, () => ask(fresh, query));
        if (!outcome.applied) continue;
        tried += 1;
        if (outcome.error) {
          assert.equal(typeof outcome.error.code, 'number', `${name} ${lie.kind}: untyped error ${outcome.error}`);
          caught += 1;
          const code = outcome.error.data?.code ?? outcome.error.code;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        } else if (isDeepStrictEqual(outcome.value, honest)) {
          harmless += 1;
        } else if (outcome.value === null && method.startsWith('eth_getTransaction')) {
          // A server can withhold a transaction (absence is not provable), never forge one.
          hidden += 1;
        } else {
          reached.push(`${name}: ${lie.kind}`);
        }
      }
    }
  }
  console.log(`lying RPC: ${tried} lies told, ${caught} refused with a typed error, ${harmless} changed nothing the answer depends on, ${hidden} withheld a transaction (answered null), ${reached.length} reached the caller`);
  console.log(`refusals by code: ${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  assert.deepEqual(reached, []);
  assert.ok(tried >= 300, `only ${tried} lies told`);
});

test('a hint of any size is bounded: an access list naming 5,000 accounts adds at most 256 to the first proof batch, and the call still answers', async () => {
  const [, params] = queries().call;
  const honest = await (await node()).request({ method: 'eth_call', params });
  const fresh = await node();
  const many = Array.from({ length: 5000 }, (_, i) => ({ address: `0x${(i + 1).toString(16).padStart(40, '0')}`, storageKeys: [] }));
  const outcome = await liar.lie(
    { method: 'eth_createAccessList', occurrence: 0, apply: ({ answer }) => { answer.result.accessList = many; } },
    () => fresh.request({ method: 'eth_call', params }),
  );
  assert.ok(outcome.applied);
  assert.deepEqual(outcome.value, honest);
  const proven = liar.recorded.filter((r) => r.method === 'eth_getProof').length;
  assert.ok(proven <= 256 + 8, `${proven} accounts proven`);
});

test('items a server pads a proof with are not kept in MetisDB', async () => {
  const [, params] = queries().balance;
  const honestNode = await node();
  const honest = await honestNode.request({ method: 'eth_getBalance', params });
  const written = honestNode.store.stats().bytesWritten;
  const padded = await node();
  const junk = Array.from({ length: 50 }, (_, i) => `0x${'ab'.repeat(100)}${i.toString(16).padStart(2, '0')}`);
  const outcome = await liar.lie(
    { method: 'eth_getProof', occurrence: 0, apply: ({ answer }) => { answer.result.accountProof.push(...junk); } },
    () => padded.request({ method: 'eth_getBalance', params }),
  );
  assert.ok(outcome.applied);
  assert.equal(outcome.value, honest);
  assert.equal(padded.store.stats().bytesWritten, written, 'the padding is not stored');
});

test('lies during the header sync stop the node from starting', async () => {
  const genesisLies = [
    { method: 'eth_chainId', occurrence: 0, apply: ({ answer }) => { answer.result = '0x1'; } },
    { method: 'eth_getBlockByNumber', occurrence: 0, apply: ({ answer }) => { answer.result.stateRoot = flipHex(answer.result.stateRoot); } },
    { method: 'eth_getBlockByNumber', occurrence: 2, apply: ({ answer }) => { answer.result.parentHash = flipHex(answer.result.parentHash); } },
    { method: 'eth_getBlockByNumber', occurrence: 3, apply: ({ answer }) => { answer.result.hash = flipHex(answer.result.hash); } },
  ];
  for (const lie of genesisLies) {
    const outcome = await liar.lie(lie, () => node());
    assert.ok(outcome.applied, `${lie.method}#${lie.occurrence} applied`);
    assert.ok(outcome.error, `${lie.method}#${lie.occurrence} must stop the node`);
    assert.match(outcome.error.code, /^[A-Z_]+$/, 'creation fails with the package error code');
  }
});
