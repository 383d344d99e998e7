// The native CLI against a real anvil: `verify-block` prints a line per block and fails on a lie;
// `serve` is a verifying JSON-RPC proxy that ethers and viem use like any node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { bin, runCli } from '../harness/cli.mjs';
import { createServer } from 'node:net';
import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { createPublicClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { startAnvil } from '../harness/anvil.mjs';
import { flipHex, startLiar } from '../harness/liar.mjs';
import { seedDevnet } from '../harness/seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

const { Token, Probe } = compileContracts();
let anvil;
let seed;
let genesis;
let proxy;
let proxyUrl;

const run = runCli;

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

before(async () => {
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  seed = await seedDevnet(anvil.url);
  genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  proxy = spawn(bin, ['serve', '--chain', 'devnet', '--rpc', anvil.url, '--checkpoint', genesis.hash, '--listen', `127.0.0.1:${port}`]);
  await new Promise((resolve, reject) => {
    let err = '';
    proxy.stderr.on('data', (d) => { err += d; if (err.includes('verifying proxy')) resolve(); });
    proxy.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
});

after(async () => {
  proxy?.kill();
  await anvil?.stop();
});

test('verify-block checks every block of a range and says so', async () => {
  const head = Number(await anvil.rpc('eth_blockNumber', []));
  const { code, stdout } = await run(['verify-block', '--chain', 'devnet', '--rpc', anvil.url, '--checkpoint', `0:${genesis.hash}`, `1..${head}`]);
  assert.equal(code, 1, 'one block fails, so the exit status says so');
  const lines = stdout.trim().split('\n');
  assert.equal(lines.filter((l) => / ok: linked to checkpoint 0/.test(l)).length, head - 1, 'all but the blob block verify');
  assert.match(stdout, new RegExp(`block ${Number(seed.blobBlockNumber)} FAILED \\[ROOT_MISMATCH\\]`), "anvil's sidecar-in-root block is refused");
  assert.equal(lines.at(-1), `${head - 1} passed, 1 failed`);
  const after = Number(seed.blobBlockNumber) + 1;
  const clean = await run(['verify-block', '--chain', 'devnet', '--rpc', anvil.url, '--checkpoint', genesis.hash, `${after}..${head}`]);
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(clean.stdout.trim().split('\n').at(-1), `${head - after + 1} passed, 0 failed`);
});

test('verify-block exits non-zero when the server lies about receipts', async () => {
  const liar = await startLiar(anvil.url);
  try {
    const lie = { method: 'eth_getBlockReceipts', occurrence: 0, apply: ({ answer }) => { answer.result[0].cumulativeGasUsed = flipHex(answer.result[0].cumulativeGasUsed); } };
    const outcome = await liar.lie(lie, () => run(['verify-block', '--chain', 'devnet', '--rpc', liar.url, '--checkpoint', genesis.hash, String(Number(seed.blockNumber))]));
    assert.equal(outcome.value.code, 1);
    assert.match(outcome.value.stdout, /FAILED \[ROOT_MISMATCH\]: receiptsRoot/);
  } finally {
    await liar.close();
  }
});

test('ethers uses the verifying proxy like a node', async () => {
  const provider = new JsonRpcProvider(proxyUrl, 31337, { staticNetwork: true, batchMaxCount: 1 });
  assert.equal(await provider.getBalance(seed.sender), BigInt(await anvil.rpc('eth_getBalance', [seed.sender, 'latest'])));
  const token = new Contract(seed.token, Token.abi, provider);
  assert.equal(await token.balanceOf(seed.authority), 12_345n);
  assert.equal(await token.symbol(), 'MTT');
  const probe = new Contract(seed.probe, Probe.abi, provider);
  await assert.rejects(probe.failWithReason(), (e) => /probe: not allowed/.test(e.reason ?? e.message));
  const block = await provider.getBlock(Number(seed.blockNumber));
  assert.equal(block.hash, (await anvil.rpc('eth_getBlockByNumber', [seed.blockNumber, false])).hash);
  provider.destroy();
});

test('viem uses the verifying proxy, batches included', async () => {
  const client = createPublicClient({ chain: foundry, transport: http(proxyUrl, { batch: true }) });
  const [balance, supply] = await Promise.all([
    client.readContract({ address: seed.token, abi: Token.abi, functionName: 'balanceOf', args: [seed.authority] }),
    client.readContract({ address: seed.token, abi: Token.abi, functionName: 'totalSupply' }),
  ]);
  assert.equal(balance, 12_345n);
  assert.equal(supply, 10n ** 24n);
  const res = await fetch(proxyUrl, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'debug_traceTransaction', params: [] }) });
  assert.equal((await res.json()).error.code, 4200);
});

test('ethers sends through the verifying proxy: fees, nonce and gas from verified data, the receipt proven', async () => {
  const provider = new JsonRpcProvider(proxyUrl, 31337, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1, pollingInterval: 100 });
  // anvil's second dev account: the seed's sender keeps its own nonces.
  const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', provider);
  // The fee oracle reads the last 20 blocks: past the seed's blob block, whose transactions root
  // anvil makes non-canonical (refused, so no fee could be derived across it).
  await anvil.rpc('anvil_mine', ['0x14']);
  // `latest` is the head synced at most 2 s ago.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const fee = await provider.getFeeData();
  assert.ok(fee.gasPrice > 0n && fee.maxPriorityFeePerGas > 0n, `fee data ${JSON.stringify(fee.toJSON(), (k, v) => (typeof v === "bigint" ? String(v) : v))}`);
  const to = Wallet.createRandom().address;
  const tx = await wallet.sendTransaction({ to, value: 4321n });
  await anvil.rpc('evm_mine', []);
  assert.equal((await tx.wait()).status, 1);
  assert.equal(await provider.getBalance(to), 4321n);
  provider.destroy();
});

test('the README shows the CLI exactly as --help does', async () => {
  const { cliHelp, withHelp } = await import('../../scripts/cli-help.mjs');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(withHelp(readme, cliHelp()), readme, 'run node scripts/cli-help.mjs --write');
});

test('flags are typed: a bad checkpoint, URL or range is refused naming the flag', async () => {
  for (const [args, flag] of [
    [['verify-block', '--chain', 'devnet', '--rpc', 'http://127.0.0.1:1', '--checkpoint', '0x12', '1'], '--checkpoint'],
    [['verify-block', '--chain', 'devnet', '--rpc', 'ftp://x', '--checkpoint', `0:0x${'11'.repeat(32)}`, '1'], '--rpc'],
    [['verify-block', '--chain', 'nowhere', '--rpc', 'http://127.0.0.1:1', '--checkpoint', `0:0x${'11'.repeat(32)}`, '1'], '--chain'],
    [['verify-block', '--chain', 'devnet', '--rpc', 'http://127.0.0.1:1', '--checkpoint', `0:0x${'11'.repeat(32)}`, '9..3'], 'N|FROM..TO'],
  ]) {
    const { code, stderr } = await runCli(args);
    assert.equal(code, 2, stderr);
    assert.match(stderr, new RegExp(flag.replace(/[|.]/g, '\\$&')), stderr);
  }
  const version = await runCli(['--version']);
  assert.match(version.stdout, /^metis-lightnode \d+\.\d+\.\d+/);
});

test('the proxy answers 100 clients at once, every answer the proven one', async () => {
  const { swarm } = await import('../harness/swarm.mjs');
  const head = await anvil.rpc('eth_blockNumber', []);
  const calls = await Promise.all([
    ['eth_getBalance', [seed.authority, head]],
    ['eth_getStorageAt', [seed.contract, '0x0', head]],
  ].map(([method, params]) => anvil.rpc(method, params).then((expect) => ({ method, params, expect }))));
  const result = await swarm(proxyUrl, { clients: 100, rounds: 3, calls });
  assert.equal(result.requests, 600);
  assert.deepEqual(result.wrong, []);
});

test('the proxy bounds what a client sends: an oversized body or batch is an error, a CORS preflight is answered', async () => {
  const post = (body) => fetch(proxyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json());
  const batch = Array.from({ length: 101 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'eth_chainId', params: [] }));
  assert.equal((await post(JSON.stringify(batch))).error.code, -32600);
  assert.equal((await post(`[${'1,'.repeat(600_000)}1]`)).error.code, -32600);
  assert.equal((await post(JSON.stringify(batch.slice(0, 100)))).length, 100);
  const preflight = await fetch(proxyUrl, { method: 'OPTIONS' });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
});
