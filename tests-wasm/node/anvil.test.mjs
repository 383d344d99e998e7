// End to end against a real anvil: one block holding transaction types 0, 1, 2 and 4 verifies by
// hash, header chain, transactions and receipts roots, and account, storage and absence proofs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWalletClient, http, keccak256, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import init, * as ml from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

// anvil's first dev account (well known, holds test ether only).
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
// Init code: SSTORE(0, 0x2a), SSTORE(5, 0x99), then return the one-byte runtime 0x00.
const STORAGE_INIT = '0x602a600055609960055560016000f3';
const slot = (n) => toHex(n, { size: 32 });

let anvil;
let blockNumber;
let contract;
const authority = privateKeyToAccount(generatePrivateKey());

before(async () => {
  await init();
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  const sender = privateKeyToAccount(DEV_KEY);
  const wallet = createWalletClient({ account: sender, chain: foundry, transport: http(anvil.url) });
  const gasPrice = 2_000_000_000n;
  let nonce = 0;
  const deployHash = await wallet.sendTransaction({ type: 'legacy', data: STORAGE_INIT, gas: 100_000n, gasPrice, nonce: nonce++ });
  await wallet.sendTransaction({ type: 'legacy', to: authority.address, value: parseEther('1'), gas: 21_000n, gasPrice, nonce: nonce++ });
  await wallet.sendTransaction({
    type: 'eip2930', to: authority.address, value: 1n, gas: 30_000n, gasPrice, nonce: nonce++,
    accessList: [{ address: authority.address, storageKeys: [slot(1)] }],
  });
  await wallet.sendTransaction({ type: 'eip1559', to: authority.address, value: 2n, gas: 21_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 1n, nonce: nonce++ });
  const authorization = await wallet.signAuthorization({ account: authority, contractAddress: sender.address, chainId: foundry.id, nonce: 0 });
  await wallet.sendTransaction({ type: 'eip7702', to: authority.address, authorizationList: [authorization], gas: 100_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 1n, nonce: nonce++ });
  await anvil.rpc('evm_mine', []);
  const receipt = await anvil.rpc('eth_getTransactionReceipt', [deployHash]);
  contract = receipt.contractAddress;
  blockNumber = receipt.blockNumber;
});

after(() => anvil?.stop());

test('the block holds transaction types 0, 1, 2 and 4 and verifies against its header', async () => {
  const block = await anvil.rpc('eth_getBlockByNumber', [blockNumber, true]);
  assert.deepEqual([...new Set(block.transactions.map((tx) => tx.type))].sort(), ['0x0', '0x1', '0x2', '0x4']);
  const report = ml.verifyBlock(block);
  assert.equal(report.hash, block.hash);
  assert.equal(report.transactionsChecked, 5);
  assert.equal(ml.transactionsRoot(block.transactions), block.transactionsRoot);
  const raw = await Promise.all(block.transactions.map((tx) => anvil.rpc('eth_getRawTransactionByHash', [tx.hash])));
  assert.equal(ml.transactionsRoot(raw), block.transactionsRoot, 'raw EIP-2718 bytes give the same root');
});

test('the header chain links the block to the genesis checkpoint', async () => {
  const headers = [];
  for (let n = 0; n <= Number(blockNumber); n += 1) headers.push(await anvil.rpc('eth_getBlockByNumber', [toHex(n), false]));
  for (const h of headers) assert.equal(ml.blockHash(h), h.hash);
  const verified = ml.verifyHeaderChain(headers, { number: 0, hash: headers[0].hash });
  assert.equal(verified.at(-1).hash, headers.at(-1).hash);
  assert.throws(() => ml.verifyHeaderChain(headers, { number: 0, hash: keccak256('0x00') }), { code: 'NOT_ANCHORED' });
});

test('receipts of every type recompute the receipts root', async () => {
  const block = await anvil.rpc('eth_getBlockByNumber', [blockNumber, false]);
  const receipts = await anvil.rpc('eth_getBlockReceipts', [blockNumber]);
  assert.equal(ml.receiptsRoot(receipts), block.receiptsRoot);
  receipts[1].cumulativeGasUsed = toHex(BigInt(receipts[1].cumulativeGasUsed) + 1n);
  assert.notEqual(ml.receiptsRoot(receipts), block.receiptsRoot);
});

test('account, storage, absence and code proofs verify against the state root', async () => {
  const block = await anvil.rpc('eth_getBlockByNumber', [blockNumber, false]);
  const proof = await anvil.rpc('eth_getProof', [contract, [slot(0), slot(5), slot(7)], blockNumber]);
  const account = ml.verifyAccountProof(block.stateRoot, proof);
  assert.deepEqual(account.storage.map((s) => BigInt(s.value)), [0x2an, 0x99n, 0n]);
  ml.verifyCode(account.codeHash, await anvil.rpc('eth_getCode', [contract, blockNumber]));
  assert.throws(() => ml.verifyCode(account.codeHash, '0x01'), { code: 'ITEM_HASH_MISMATCH' });

  const delegated = ml.verifyAccountProof(block.stateRoot, await anvil.rpc('eth_getProof', [authority.address, [slot(1)], blockNumber]));
  assert.equal(BigInt(delegated.balance), parseEther('1') + 3n);
  const code = await anvil.rpc('eth_getCode', [authority.address, blockNumber]);
  assert.match(code, /^0xef0100/, 'EIP-7702 delegation designator');
  ml.verifyCode(delegated.codeHash, code);

  const nobody = privateKeyToAccount(generatePrivateKey()).address;
  const absent = ml.verifyAccountProof(block.stateRoot, await anvil.rpc('eth_getProof', [nobody, [slot(0)], blockNumber]));
  assert.equal(absent.exists, false);
  assert.equal(BigInt(absent.storage[0].value), 0n);

  const lie = structuredClone(proof);
  lie.storageProof[1].value = '0x98';
  assert.throws(() => ml.verifyAccountProof(block.stateRoot, lie), { code: 'CLAIM_MISMATCH', message: /storageProof\[1\]/ });
});
