// LightNode in Node against a real anvil: an EIP-1193 provider that viem uses, with every answer
// verified, eth_call executed locally by MetisVM, and RPC round trips counted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, custom, encodeFunctionData, parseAbi } from 'viem';
import { foundry } from 'viem/chains';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { seedDevnet } from '../harness/seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

let anvil;
let seed;
let node;
let client;
const { Token, Probe } = compileContracts();

before(async () => {
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  seed = await seedDevnet(anvil.url);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  node = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash } });
  client = createPublicClient({ chain: foundry, transport: custom(node.provider) });
});

after(() => anvil?.stop());

test('viem reads chain id, head, balances and blocks through the provider', async () => {
  assert.equal(await client.getChainId(), 31337);
  const head = await client.getBlockNumber();
  assert.equal(head, BigInt(node.head.number));
  assert.equal(await client.getBalance({ address: seed.token }), 0n);
  const sender = await client.getBalance({ address: seed.sender });
  assert.equal(sender, BigInt(await anvil.rpc('eth_getBalance', [seed.sender, 'latest'])));
  const block = await client.getBlock({ blockNumber: BigInt(seed.blockNumber), includeTransactions: true });
  assert.equal(block.transactions.length, 5);
  assert.equal(block.transactions[0].from.toLowerCase(), seed.sender.toLowerCase(), 'sender recovered from the signature');
});

test('readContract of an ERC-20 runs in MetisVM and equals anvil', async () => {
  const balance = await client.readContract({ address: seed.token, abi: Token.abi, functionName: 'balanceOf', args: [seed.authority] });
  assert.equal(balance, 12_345n);
  const [fromProbe, supply] = await client.readContract({ address: seed.probe, abi: Probe.abi, functionName: 'tokenView', args: [seed.token, seed.authority] });
  assert.equal(fromProbe, 12_345n);
  assert.equal(supply, 10n ** 24n);
});

test('eth_call answers equal anvil own answers on the same block for a varied suite', async () => {
  const block = `0x${node.head.number.toString(16)}`;
  const calls = [
    ['counter', []], ['tokenView', [seed.token, seed.sender]], ['hashes', ['0x0102030405']],
    ['recover', ['0x' + '11'.repeat(32), 27, '0x' + '22'.repeat(32), '0x' + '33'.repeat(32)]],
    ['modexp', [3n, 200n, 1000003n]], ['recentHash', [1n]], ['recentHash', [2n]], ['environment', []], ['burn', [50n]],
    ['failWithReason', []], ['failWithCustomError', []], ['panicDivide', [0n]],
  ];
  for (const [functionName, args] of calls) {
    const tx = { from: seed.sender, to: seed.probe, data: encodeFunctionData({ abi: Probe.abi, functionName, args }) };
    const theirs = await anvil.rpc('eth_call', [tx, block]).then((r) => ({ r }), (e) => ({ e: e.message }));
    const ours = await node.request({ method: 'eth_call', params: [tx, block] }).then((r) => ({ r }), (e) => ({ e: e.message, data: e.data, code: e.code }));
    if (theirs.r !== undefined) {
      assert.equal(ours.r, theirs.r, functionName);
    } else {
      assert.equal(ours.code, 3, `${functionName} reverts: ${ours.e}`);
    }
    if (theirs.r !== undefined && functionName !== 'environment') {
      const gasTheirs = await anvil.rpc('eth_estimateGas', [tx, block]);
      const gasOurs = await node.request({ method: 'eth_estimateGas', params: [tx, block] });
      assert.equal(BigInt(gasOurs), BigInt(gasTheirs), `estimateGas ${functionName}`);
    }
  }
});

test('eth_estimateGas with a gas field gives the gas needed, and eth_call at that estimate succeeds', async () => {
  const block = `0x${node.head.number.toString(16)}`;
  // A call into another contract: the 63/64 rule makes the gas needed more than the gas used.
  const tx = { from: seed.sender, to: seed.probe, data: encodeFunctionData({ abi: Probe.abi, functionName: 'tokenView', args: [seed.token, seed.sender] }) };
  const needed = await node.request({ method: 'eth_estimateGas', params: [tx, block] });
  const withGas = await node.request({ method: 'eth_estimateGas', params: [{ ...tx, gas: '0x989680' }, block] });
  assert.equal(withGas, needed);
  assert.equal(BigInt(withGas), BigInt(await anvil.rpc('eth_estimateGas', [{ ...tx, gas: '0x989680' }, block])));
  await node.request({ method: 'eth_call', params: [{ ...tx, gas: withGas }, block] });
});

test('an endless loop with gas 2^64-1 halts at the node\'s gas cap instead of hanging', async () => {
  // Init code JUMPDEST PUSH1 0 JUMP: loops until out of gas.
  const loop = { from: seed.sender, data: '0x5b600056', gas: '0xffffffffffffffff' };
  await assert.rejects(node.request({ method: 'eth_call', params: [loop, 'latest'] }), (err) => /out of gas|OutOfGas/i.test(err.message));
});

test('eth_getLogs checks its range before linking any header', async () => {
  const head = Number(await anvil.rpc('eth_blockNumber', []));
  const top = await anvil.rpc('eth_getBlockByNumber', [`0x${head.toString(16)}`, false]);
  const narrow = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: head, hash: top.hash }, maxLogRange: 5 });
  await assert.rejects(narrow.request({ method: 'eth_getLogs', params: [{ fromBlock: '0x0', toBlock: 'latest' }] }), (err) => err.code === -32602);
  await assert.rejects(narrow.request({ method: 'eth_getLogs', params: [{ fromBlock: 'earliest', toBlock: 'latest' }] }), (err) => err.code === -32602);
  assert.deepEqual(narrow.trustStatus.verifiedRange, [head, head], 'no header below the checkpoint was linked for a refused range');
});

test('a block hash the chain does not have is null, as a node answers', async () => {
  assert.equal(await node.request({ method: 'eth_getBlockByHash', params: [`0x${'ab'.repeat(32)}`, false] }), null);
});

test('a revert reaches viem with its reason decoded', async () => {
  await assert.rejects(
    client.readContract({ address: seed.probe, abi: Probe.abi, functionName: 'failWithReason' }),
    (err) => /probe: not allowed/.test(err.message),
  );
});

test('a cold eth_call takes at most 2 round trips, a warm one none', async () => {
  const fresh = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: node.head });
  const block = `0x${fresh.head.number.toString(16)}`;
  const tx = { to: seed.token, data: encodeFunctionData({ abi: parseAbi(['function balanceOf(address) view returns (uint256)']), functionName: 'balanceOf', args: [seed.authority] }) };
  const before = fresh.roundTrips;
  await fresh.request({ method: 'eth_call', params: [tx, block] });
  const cold = fresh.roundTrips - before;
  await fresh.request({ method: 'eth_call', params: [tx, block] });
  const warm = fresh.roundTrips - before - cold;
  assert.ok(cold <= 2, `cold eth_call took ${cold} round trips`);
  assert.equal(warm, 0, 'warm eth_call');
});

test('logs, transactions and receipts are proven through the block roots', async () => {
  const logs = await client.getLogs({ address: seed.probe, fromBlock: 0n, toBlock: BigInt(node.head.number) });
  const theirs = await anvil.rpc('eth_getLogs', [{ address: seed.probe, fromBlock: '0x0', toBlock: 'latest' }]);
  assert.equal(logs.length, theirs.length);
  assert.deepEqual(logs.map((l) => l.data), theirs.map((l) => l.data));
  assert.deepEqual(logs.map((l) => Number(l.logIndex)), theirs.map((l) => Number(l.logIndex)));
  const receipt = await client.getTransactionReceipt({ hash: seed.transferHash });
  const anvilReceipt = await anvil.rpc('eth_getTransactionReceipt', [seed.transferHash]);
  assert.equal(receipt.status, 'success');
  assert.equal(receipt.gasUsed, BigInt(anvilReceipt.gasUsed));
  assert.equal(receipt.logs.length, 1);
  const receiptsBlock = `0x${receipt.blockNumber.toString(16)}`;
  const blockReceipts = await node.request({ method: 'eth_getBlockReceipts', params: [receiptsBlock] });
  const theirReceipts = await anvil.rpc('eth_getBlockReceipts', [receiptsBlock]);
  assert.deepEqual(blockReceipts.map((r) => [r.transactionHash, r.cumulativeGasUsed, r.logs.length]), theirReceipts.map((r) => [r.transactionHash, r.cumulativeGasUsed, r.logs.length]));
  const tx = await client.getTransaction({ hash: seed.transferHash });
  assert.equal(tx.from.toLowerCase(), seed.sender.toLowerCase());
});

test('sync links new headers with progress; header(n) is the verified header', async () => {
  const before = node.head.number;
  await anvil.rpc('anvil_mine', ['0x3']);
  const progress = [];
  const head = await node.sync({ onProgress: (p) => progress.push(p) });
  assert.equal(head, before + 3);
  assert.deepEqual(progress.at(-1), { from: before, linked: before + 3, target: before + 3 });
  const theirs = await anvil.rpc('eth_getBlockByNumber', [`0x${(before + 2).toString(16)}`, false]);
  const header = await node.header(before + 2);
  assert.equal(header.hash, theirs.hash);
  assert.equal(header.stateRoot, theirs.stateRoot);
  const controller = new AbortController();
  controller.abort();
  await anvil.rpc('anvil_mine', ['0x1']);
  await assert.rejects(node.sync({ signal: controller.signal }), { code: 'CANCELLED' });
  assert.equal(node.head.number, before + 3, 'a cancelled sync links nothing more');
});

test('unverifiable methods are refused with 4200 unless passed through', async () => {
  await assert.rejects(node.request({ method: 'debug_traceTransaction', params: [] }), { code: 4200 });
  await assert.rejects(node.request({ method: 'eth_getStorageAt', params: ['0x1234', '0x0', '0xffffff'] }), (e) => e.code < 0);
  // A block given as a JSON number (not a hex quantity) is refused, not read as `latest`.
  await assert.rejects(node.request({ method: 'eth_getBlockReceipts', params: [1] }), (e) => e.data?.code === 'INVALID_INPUT');
});

test('a request crosses into the wasm as JSON: a BigInt in it is refused, undefined params are none', async () => {
  await assert.rejects(node.request({ method: 'eth_getBalance', params: [seed.sender, 1n] }), (e) => e.data?.code === 'INVALID_INPUT' && /JSON/.test(e.message));
  assert.equal(await node.request({ method: 'eth_chainId', params: undefined }), '0x7a69');
  const balance = await node.request({ method: 'eth_getBalance', params: [seed.sender, `0x${node.head.number.toString(16)}`] });
  assert.equal(balance, await anvil.rpc('eth_getBalance', [seed.sender, `0x${node.head.number.toString(16)}`]));
});

test('a reorg is followed without a restart: the replaced blocks are forgotten', async () => {
  const reorged = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: node.head });
  const snapshot = await anvil.rpc('evm_snapshot', []);
  const base = Number(await anvil.rpc('eth_blockNumber', []));
  for (let i = 0; i < 3; i += 1) await anvil.rpc('evm_mine', []);
  assert.equal(Number(await reorged.request({ method: 'eth_blockNumber' })), base + 3);
  const replaced = await reorged.request({ method: 'eth_getBlockByNumber', params: [`0x${(base + 2).toString(16)}`, false] });

  await anvil.rpc('evm_revert', [snapshot]);
  await anvil.rpc('evm_setNextBlockTimestamp', [Number((await anvil.rpc('eth_getBlockByNumber', ['latest', false])).timestamp) + 100]);
  for (let i = 0; i < 5; i += 1) await anvil.rpc('evm_mine', []);
  assert.equal(Number(await reorged.request({ method: 'eth_blockNumber' })), base + 5);
  const now = await reorged.request({ method: 'eth_getBlockByNumber', params: [`0x${(base + 2).toString(16)}`, false] });
  const theirs = await anvil.rpc('eth_getBlockByNumber', [`0x${(base + 2).toString(16)}`, false]);
  assert.equal(now.hash, theirs.hash);
  assert.notEqual(now.hash, replaced.hash, 'the block at that height was replaced');
});
