// A wallet's day through the node, with no passthrough: real viem and real ethers on the node's
// EIP-1193 provider estimate fees, sign locally, send a transfer and an ERC-20 transfer, wait for
// the receipts, read balances, nonces and fee history, and watch blocks and a contract event, by
// filters and by subscriptions. Every method the libraries call is answered from verified data:
// none is refused as not verifiable (4200), and the fee answers equal what the honest anvil says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, createWalletClient, custom, encodeAbiParameters, encodeDeployData, encodeFunctionData, keccak256, pad, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { BrowserProvider, Contract, Wallet } from 'ethers';
import { LightNode, fullModuleLoaded } from '../../pkg/index.js';
import { startAnvil, waitForReceipt } from '../harness/anvil.mjs';
import { DEV_KEY } from '../harness/seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

const { Token } = compileContracts();
let anvil;
let node;
let token;
/** Every method asked of the node, and every refusal it answered with. */
const asked = [];
const refused = [];

before(async () => {
  anvil = await startAnvil();
  const deployer = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: foundry, transport: custom({ request: ({ method, params }) => anvil.rpc(method, params) }) });
  const deployed = await waitForReceipt(anvil.url, await deployer.sendTransaction({ data: encodeDeployData({ abi: Token.abi, bytecode: Token.bytecode, args: [10n ** 24n] }) }));
  token = deployed.contractAddress;
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  node = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash }, pollingIntervalMs: 100 });
});

after(async () => {
  assert.deepEqual(refused, [], `refused as not verifiable: ${refused.join(', ')}`);
  await anvil?.stop();
});

/** The node as a provider that records what the libraries ask of it. */
const provider = {
  on: (...args) => node.on(...args),
  removeListener: (...args) => node.removeListener(...args),
  async request(args) {
    asked.push(args.method);
    try {
      return await node.request(args);
    } catch (err) {
      if (err.code === 4200) refused.push(args.method);
      throw err;
    }
  },
};

/** EIP-1559: the base fee of the block after `block`. */
function nextBaseFee(block) {
  const [base, used, target] = [BigInt(block.baseFeePerGas), BigInt(block.gasUsed), BigInt(block.gasLimit) / 2n];
  if (used === target) return base;
  if (used > target) return base + [base * (used - target) / target / 8n, 1n].reduce((a, b) => (a > b ? a : b));
  return base - base * (target - used) / target / 8n;
}

const until = async (check, what) => {
  for (let i = 0; i < 100; i += 1) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

test('viem: fees estimated, a transfer and an ERC-20 transfer signed locally, sent and waited for; fee history as anvil gives it', async () => {
  const account = privateKeyToAccount(DEV_KEY);
  const client = createPublicClient({ chain: foundry, transport: custom(provider) });
  const wallet = createWalletClient({ account, chain: foundry, transport: custom(provider) });
  const fees = await client.estimateFeesPerGas();
  assert.ok(fees.maxFeePerGas > 0n && fees.maxPriorityFeePerGas > 0n);
  assert.equal(await client.request({ method: 'eth_maxPriorityFeePerGas' }), await anvil.rpc('eth_maxPriorityFeePerGas', []));

  const to = privateKeyToAccount(generatePrivateKey()).address;
  const hash = await wallet.sendTransaction({ to, value: parseEther('0.5') });
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  assert.equal(await client.getBalance({ address: to }), parseEther('0.5'));
  assert.equal(await client.getTransactionCount({ address: account.address }), Number(await anvil.rpc('eth_getTransactionCount', [account.address, 'latest'])));

  const sent = await wallet.writeContract({ address: token, abi: Token.abi, functionName: 'transfer', args: [to, 777n] });
  assert.equal((await client.waitForTransactionReceipt({ hash: sent })).status, 'success');
  assert.equal(await client.readContract({ address: token, abi: Token.abi, functionName: 'balanceOf', args: [to] }), 777n);

  const newest = await client.getBlockNumber();
  const history = await client.request({ method: 'eth_feeHistory', params: ['0x3', `0x${newest.toString(16)}`, [25, 75]] });
  const honest = await anvil.rpc('eth_feeHistory', ['0x3', `0x${newest.toString(16)}`, [25, 75]]);
  assert.deepEqual(
    { oldest: history.oldestBlock, baseFees: history.baseFeePerGas.slice(0, -1), ratios: history.gasUsedRatio, rewards: history.reward },
    { oldest: honest.oldestBlock, baseFees: honest.baseFeePerGas.slice(0, -1), ratios: honest.gasUsedRatio, rewards: honest.reward },
  );
  // The next block's base fee by EIP-1559 (anvil's own last entry runs one block further).
  assert.equal(BigInt(history.baseFeePerGas.at(-1)), nextBaseFee(await anvil.rpc('eth_getBlockByNumber', [`0x${newest.toString(16)}`, false])));
  assert.equal(await client.request({ method: 'eth_blobBaseFee' }), await anvil.rpc('eth_blobBaseFee', []));
  const block = await client.getBlock({ blockNumber: receipt.blockNumber });
  assert.equal(await client.getBlockTransactionCount({ blockNumber: receipt.blockNumber }), block.transactions.length);
  assert.equal((await client.getTransaction({ blockNumber: receipt.blockNumber, index: 0 })).hash, hash);
  assert.ok(!asked.some((m) => m === 'eth_subscribe'));
  assert.equal(fullModuleLoaded(), false, 'a wallet\'s flow runs in the first module');
});

test('viem: watchBlockNumber and watchContractEvent (by filter) see new blocks and a Transfer', async () => {
  const client = createPublicClient({ chain: foundry, transport: custom(provider), pollingInterval: 100 });
  const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: foundry, transport: custom(provider) });
  const numbers = [];
  const transfers = [];
  const stopBlocks = client.watchBlockNumber({ onBlockNumber: (n) => numbers.push(n), emitOnBegin: true });
  const stopEvents = client.watchContractEvent({ address: token, abi: Token.abi, eventName: 'Transfer', poll: true, onLogs: (logs) => transfers.push(...logs) });
  try {
    const first = await until(() => numbers[0], 'the first block number');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const recipient = privateKeyToAccount(generatePrivateKey()).address;
    await client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: token, abi: Token.abi, functionName: 'transfer', args: [recipient, 5n] }) });
    await until(() => numbers.some((n) => n > first), 'a newer block number');
    const seen = await until(() => transfers.find((l) => l.args.to === recipient), 'the Transfer event');
    assert.equal(seen.args.value, 5n);
    assert.ok(asked.includes('eth_newFilter') && asked.includes('eth_getFilterChanges'), 'the event was watched through a filter');
  } finally {
    stopBlocks();
    stopEvents();
  }
});

test('eth_subscribe: newHeads delivers verified headers, logs delivers proven Transfer logs, and eth_unsubscribe stops them', async () => {
  const messages = [];
  const listener = (m) => messages.push(m);
  node.on('message', listener);
  try {
    const heads = await provider.request({ method: 'eth_subscribe', params: ['newHeads'] });
    const logs = await provider.request({ method: 'eth_subscribe', params: ['logs', { address: token }] });
    const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: foundry, transport: custom(provider) });
    const hash = await wallet.writeContract({ address: token, abi: Token.abi, functionName: 'transfer', args: [token, 9n] });
    const mined = await waitForReceipt(anvil.url, hash);
    const head = await until(() => messages.find((m) => m.data.subscription === heads && m.data.result.number === mined.blockNumber), 'the new head');
    assert.equal(head.type, 'eth_subscription');
    assert.equal(head.data.result.hash, mined.blockHash);
    const log = await until(() => messages.find((m) => m.data.subscription === logs && m.data.result.transactionHash === hash), 'the Transfer log');
    assert.equal(log.data.result.removed, false);
    assert.equal(await provider.request({ method: 'eth_unsubscribe', params: [heads] }), true);
    assert.equal(await provider.request({ method: 'eth_unsubscribe', params: [logs] }), true);
    const count = messages.length;
    await anvil.rpc('evm_mine', []);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(messages.length, count, 'nothing is delivered after unsubscribing');
  } finally {
    node.removeListener('message', listener);
  }
});

test('ethers: a local Wallet on the provider sends and waits; getFeeData and an ERC-20 read are verified', async () => {
  // ethers reuses an identical answer for 250 ms; anvil mines faster than that, so the second
  // transaction would reuse the first one's nonce (as it would on anvil directly).
  const ethersProvider = new BrowserProvider(provider, undefined, { cacheTimeout: -1 });
  const wallet = new Wallet(DEV_KEY, ethersProvider);
  const fee = await ethersProvider.getFeeData();
  // geth's rule: the suggested tip plus the base fee of the block after the node's verified head.
  const head = await anvil.rpc('eth_getBlockByNumber', [node.head.number, false]);
  assert.equal(fee.maxPriorityFeePerGas, BigInt(await anvil.rpc('eth_maxPriorityFeePerGas', [])));
  assert.equal(fee.gasPrice, fee.maxPriorityFeePerGas + nextBaseFee(head));
  const to = Wallet.createRandom().address;
  const tx = await wallet.sendTransaction({ to, value: 1234n });
  const receipt = await tx.wait();
  assert.equal(receipt.status, 1);
  assert.equal(await ethersProvider.getBalance(to), 1234n);
  const erc20 = new Contract(token, Token.abi, wallet);
  await (await erc20.transfer(to, 42n)).wait();
  assert.equal(await erc20.balanceOf(to), 42n);
  // ethers polls for as long as the provider lives.
  ethersProvider.destroy();
});

test('eth_sendRawTransaction answers the hash of the bytes sent; undecodable bytes are refused before any server sees them', async () => {
  const account = privateKeyToAccount(DEV_KEY);
  const nonce = await anvil.rpc('eth_getTransactionCount', [account.address, 'latest']);
  const signed = await account.signTransaction({ chainId: foundry.id, type: 'eip1559', to: account.address, value: 1n, gas: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, nonce: Number(nonce) });
  const hash = await node.request({ method: 'eth_sendRawTransaction', params: [signed] });
  assert.equal((await waitForReceipt(anvil.url, hash)).status, '0x1');
  await assert.rejects(node.request({ method: 'eth_sendRawTransaction', params: ['0x02deadbeef'] }), (err) => err.code === -32602);
  assert.deepEqual(await node.request({ method: 'eth_accounts' }), []);
  assert.equal(await node.request({ method: 'eth_syncing' }), false);
  assert.match(await node.request({ method: 'web3_clientVersion' }), /^metis-lightnode\//);
});

test('a log filter takes back a log whose block a reorg replaced (removed: true), and a block filter names the new block', async () => {
  const logs = await provider.request({ method: 'eth_newFilter', params: [{ address: token }] });
  const blocks = await provider.request({ method: 'eth_newBlockFilter', params: [] });
  const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: foundry, transport: custom(provider) });
  const hash = await wallet.writeContract({ address: token, abi: Token.abi, functionName: 'transfer', args: [token, 3n] });
  const mined = await waitForReceipt(anvil.url, hash);
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const delivered = await provider.request({ method: 'eth_getFilterChanges', params: [logs] });
  assert.deepEqual(delivered.map((l) => [l.transactionHash, l.removed]), [[hash, false]]);
  assert.ok((await provider.request({ method: 'eth_getFilterChanges', params: [blocks] })).includes(mined.blockHash));
  // The block holding the transfer is replaced by an empty one.
  await anvil.rpc('anvil_reorg', [1, []]);
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const changed = await provider.request({ method: 'eth_getFilterChanges', params: [logs] });
  assert.deepEqual(changed.map((l) => [l.transactionHash, l.removed]), [[hash, true]]);
  const replaced = await anvil.rpc('eth_getBlockByNumber', [mined.blockNumber, false]);
  assert.notEqual(replaced.hash, mined.blockHash);
  assert.ok((await provider.request({ method: 'eth_getFilterChanges', params: [blocks] })).includes(replaced.hash));
  assert.equal(await provider.request({ method: 'eth_uninstallFilter', params: [logs] }), true);
  assert.equal(await provider.request({ method: 'eth_uninstallFilter', params: [logs] }), false);
  await assert.rejects(provider.request({ method: 'eth_getFilterChanges', params: [logs] }), (err) => err.code === -32602);
});

test('eth_call and eth_estimateGas take geth\'s state overrides (balance, code, storage), answering as anvil does', async () => {
  const holder = privateKeyToAccount(generatePrivateKey()).address;
  const balanceSlot = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [holder, 0n]));
  const balanceOf = encodeFunctionData({ abi: Token.abi, functionName: 'balanceOf', args: [holder] });
  const returnsOne = '0x600160005260206000f3';
  const stranger = privateKeyToAccount(generatePrivateKey()).address;
  const cases = [
    ['eth_call', [{ to: token, data: balanceOf }, 'latest', { [token]: { stateDiff: { [balanceSlot]: pad('0x2a') } } }]],
    ['eth_call', [{ to: stranger }, 'latest', { [stranger]: { code: returnsOne } }]],
    ['eth_estimateGas', [{ from: holder, to: stranger, value: '0xde0b6b3a7640000' }, 'latest', { [holder]: { balance: '0x56bc75e2d63100000' } }]],
  ];
  const head = `0x${Number(node.head.number).toString(16)}`;
  for (const [method, params] of cases) {
    const pinned = [params[0], head, params[2]];
    assert.equal(await provider.request({ method, params: pinned }), await anvil.rpc(method, pinned), `${method} ${JSON.stringify(params[2])}`);
  }
  // Without the override the holder has nothing, and cannot pay.
  assert.equal(BigInt(await provider.request({ method: 'eth_call', params: [{ to: token, data: balanceOf }, head] })), 0n);
  await assert.rejects(provider.request({ method: 'eth_call', params: [{ to: token, data: balanceOf }, head, { [token]: { state: {}, stateDiff: {} } }] }), (err) => err.code === -32602);
});

test('eth_simulateV1: viem simulateCalls runs calls in order on proven state, as anvil simulates them', async () => {
  const client = createPublicClient({ chain: foundry, transport: custom(provider) });
  const account = privateKeyToAccount(DEV_KEY).address;
  const recipient = privateKeyToAccount(generatePrivateKey()).address;
  const calls = [
    { to: token, abi: Token.abi, functionName: 'transfer', args: [recipient, 11n] },
    { to: token, abi: Token.abi, functionName: 'balanceOf', args: [recipient] },
    { to: token, abi: Token.abi, functionName: 'transfer', args: [recipient, 10n ** 30n] },
  ];
  const blockNumber = BigInt(node.head.number);
  const { results } = await client.simulateCalls({ account, calls, blockNumber });
  assert.equal(fullModuleLoaded(), true, 'eth_simulateV1 is answered in the full module, loaded on its first use');
  assert.deepEqual(results.map((r) => r.status), ['success', 'success', 'failure']);
  assert.equal(results[1].result, 11n, 'the second call sees the first one\'s transfer');
  assert.equal(results[0].logs.length, 1, 'the Transfer log');
  const direct = createPublicClient({ chain: foundry, transport: custom({ request: ({ method, params }) => anvil.rpc(method, params) }) });
  const honest = await direct.simulateCalls({ account, calls, blockNumber });
  assert.deepEqual(results.map((r) => [r.status, r.gasUsed, r.data]), honest.results.map((r) => [r.status, r.gasUsed, r.data]));
  await assert.rejects(provider.request({ method: 'eth_simulateV1', params: [{ blockStateCalls: [{ calls: [] }], validation: true }, 'latest'] }), (err) => err.code === -32602);
});
