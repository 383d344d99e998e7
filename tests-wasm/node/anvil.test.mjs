// End to end against a real anvil: a block holding transaction types 0, 1, 2 and 4 verifies by hash,
// header chain, transactions and receipts roots, and account, storage and absence proofs; a blob
// transaction (type 3) decodes and hashes, and anvil's non-canonical root for its block is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import init, * as ml from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { seedDevnet, slot } from '../harness/seed.mjs';

let anvil;
let seed;
let blockNumber;

before(async () => {
  await init();
  anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
  seed = await seedDevnet(anvil.url);
  blockNumber = seed.blockNumber;
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

test('a blob transaction hashes to its claimed hash; anvil commits it with its sidecar, which is refused', async () => {
  const block = await anvil.rpc('eth_getBlockByNumber', [seed.blobBlockNumber, true]);
  const [blob] = block.transactions;
  assert.equal(blob.type, '0x3');
  assert.ok(blob.blobs?.length, 'anvil sends the network form, sidecar included');
  // The claimed hash is checked against the consensus encoding (no sidecar): this must not throw.
  ml.transactionsRoot([blob]);
  const raw = await anvil.rpc('eth_getRawTransactionByHash', [blob.hash]);
  assert.equal(ml.transactionsRoot([raw]), ml.transactionsRoot([blob]), 'network-form bytes give the canonical root');
  // anvil 1.7.1 puts the sidecar into transactionsRoot; Ethereum's rule does not.
  assert.throws(() => ml.verifyBlock(block), { code: 'ROOT_MISMATCH', message: /transactionsRoot/ });
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
  const proof = await anvil.rpc('eth_getProof', [seed.contract, [slot(0), slot(5), slot(7)], blockNumber]);
  const account = ml.verifyAccountProof(block.stateRoot, proof);
  assert.deepEqual(account.storage.map((s) => BigInt(s.value)), [0x2an, 0x99n, 0n]);
  ml.verifyCode(account.codeHash, await anvil.rpc('eth_getCode', [seed.contract, blockNumber]));
  assert.throws(() => ml.verifyCode(account.codeHash, '0x01'), { code: 'ITEM_HASH_MISMATCH' });

  const delegated = ml.verifyAccountProof(block.stateRoot, await anvil.rpc('eth_getProof', [seed.authority, [slot(1)], blockNumber]));
  assert.equal(BigInt(delegated.balance), parseEther('1') + 3n);
  const code = await anvil.rpc('eth_getCode', [seed.authority, blockNumber]);
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
