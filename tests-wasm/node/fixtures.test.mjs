// The npm package in Node: real fixtures through the JS API, errors with codes, and no input that
// traps the wasm module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keccak256 } from 'viem';
import init, * as ml from '../../pkg/index.js';

const fixtures = new URL('../../../shared/fixtures/', import.meta.url);
const load = (path) => JSON.parse(readFileSync(new URL(path, fixtures), 'utf8'));

await init();

const block = load('helios/rpc_block.json');

test('blockHash of Cancun and BPO2 headers matches the recorded hash', () => {
  assert.equal(ml.blockHash(block), block.hash);
  const bpo2 = load('helios/bpo2_block26050794_header.json');
  assert.equal(ml.blockHash(bpo2), bpo2.hash);
});

test('decodeHeader turns RLP from the hive chain into a header that hashes the same', () => {
  const io = readFileSync(new URL('execution-apis/tests/debug_getRawHeader/get-block-n.io', fixtures), 'utf8');
  const response = JSON.parse(io.split('\n').find((l) => l.startsWith('<< ')).slice(3));
  const header = ml.decodeHeader(response.result);
  assert.equal(ml.blockHash(header), header.hash);
  assert.throws(() => ml.decodeHeader(`${response.result}00`), { code: 'INVALID_INPUT', message: /trailing/ });
});

test('verifyHeaderChain links mainnet blocks 1..5 to a checkpoint, forward and backward', () => {
  const headers = load('ethereumjs/block_blocks_mainnet.json').map((b) => b.header);
  const hashes = headers.map((h) => ml.blockHash(h));
  assert.equal(ml.verifyHeaderChain(headers, { number: 1, hash: hashes[0] }).length, 5);
  assert.equal(ml.verifyHeaderChain(headers, { number: '0x5', hash: hashes[4] }).length, 5);
  const broken = structuredClone(headers);
  broken[2].gasUsed = '0x1';
  assert.throws(() => ml.verifyHeaderChain(broken, { number: 5, hash: hashes[4] }), { code: 'HEADER_CHAIN_BROKEN' });
});

test('verifyMptProof returns the account leaf, null for absence, and throws on a bad proof', () => {
  const proof = load('helios/rpc_proof.json');
  const leaf = ml.verifyMptProof(block.stateRoot, keccak256(proof.address), proof.accountProof);
  assert.match(leaf, /^0xf8/);
  const absent = load('ethereumjs/sm_ropsten_nonexistentAccount.json');
  const root = keccak256(absent.accountProof[0]);
  assert.equal(ml.verifyMptProof(root, keccak256(absent.address), absent.accountProof), null);
  assert.throws(() => ml.verifyMptProof(block.parentHash, keccak256(proof.address), proof.accountProof), { code: 'PROOF_INVALID' });
});

test('verifyAccountProof proves balance, nonce, code hash and storage', () => {
  const proof = load('helios/rpc_proof.json');
  const account = ml.verifyAccountProof(block.stateRoot, proof);
  assert.equal(account.exists, true);
  assert.equal(BigInt(account.balance), BigInt(proof.balance));
  assert.equal(account.storage.length, 1);
  assert.equal(BigInt(account.storage[0].value), BigInt(proof.storageProof[0].value));
  const lie = { ...proof, balance: '0x1' };
  assert.throws(() => ml.verifyAccountProof(block.stateRoot, lie), { code: 'CLAIM_MISMATCH', message: /balance/ });
  const miner = ml.verifyAccountProof(block.stateRoot, load('helios/rpc_block_miner_proof.json'));
  assert.deepEqual(miner.storage, []);
});

test('transactionsRoot, receiptsRoot and withdrawalsRoot recompute the header roots', () => {
  const london = load('ethereumjs/block_alchemy14151203.json');
  assert.equal(ml.transactionsRoot(london.transactions), london.transactionsRoot);
  assert.equal(ml.receiptsRoot(load('helios/rpc_receipts.json')), block.receiptsRoot);
  assert.equal(ml.withdrawalsRoot(block.withdrawals), block.withdrawalsRoot);
  const lie = structuredClone(london.transactions);
  lie[3].value = '0x1';
  assert.throws(() => ml.transactionsRoot(lie), { code: 'ITEM_HASH_MISMATCH', message: /txs\[3\]/ });
});

test('verifyReceiptProof checks a receipt against the receipts root', () => {
  const { receipt, receiptProof } = load('helios/verifiable_api_receipt.json');
  ml.verifyReceiptProof(block.receiptsRoot, 39, receipt, receiptProof);
  assert.throws(() => ml.verifyReceiptProof(block.receiptsRoot, 40, receipt, receiptProof), { code: /^(PROOF_INVALID|CLAIM_MISMATCH)$/ });
});

test('chainPreset knows every chain by name and id', () => {
  for (const [name, id] of [['devnet', 31337], ['ethereum', 1], ['andromeda', 1088], ['metis-sepolia', 59902], ['hyperion', 133717], ['lazai', 133718], ['lazai-mainnet', 52924]]) {
    assert.equal(ml.chainPreset(name).chainId, id);
    assert.equal(ml.chainPreset(String(id)).name, name);
  }
  assert.throws(() => ml.chainPreset('nope'), { code: 'UNKNOWN_CHAIN' });
});

test("a checkpoint at block 0 must be the preset's genesis, refused before any server is asked", async () => {
  // Nothing listens on port 9: the refusal comes first, the right genesis gets as far as the server.
  const create = (chain, hash) => ml.LightNode.create({ chain, rpc: 'http://127.0.0.1:9', checkpoint: { number: 0, hash }, timeoutMs: 2_000 });
  for (const chain of ['andromeda', 'metis-sepolia', 'lazai', 'lazai-mainnet', 'ethereum']) {
    const { genesisHash } = ml.chainPreset(chain);
    assert.match(genesisHash, /^0x[0-9a-f]{64}$/, chain);
    await assert.rejects(create(chain, `0x${'11'.repeat(32)}`), (e) => e.code === 'NOT_ANCHORED' && e.message.includes(genesisHash), chain);
    await assert.rejects(create(chain, genesisHash), (e) => e.code !== 'NOT_ANCHORED', chain);
  }
});

test('malformed input of every kind throws a coded Error and never traps the module', () => {
  const junk = [undefined, null, 0, -1, 1e308, NaN, true, '', '0x', '0xzz', 'zz', '0x1', [], [1, 2], {}, { number: [] },
    'x'.repeat(1 << 20), `0x${'ab'.repeat(1 << 16)}`, [`0x${'f9'.repeat(40000)}`], { stateRoot: {}, accountProof: 'no' }];
  const calls = [
    (a) => ml.blockHash(a), (a) => ml.decodeHeader(a), (a) => ml.verifyHeaderChain(a, a), (a) => ml.verifyHeaderChain([block], a),
    (a) => ml.verifyMptProof(a, a, a), (a) => ml.verifyMptProof(block.stateRoot, '0x00', a),
    (a) => ml.verifyMptProof(block.stateRoot, `0x${'00'.repeat(33)}`, []),
    (a) => ml.verifyAccountProof(a, a), (a) => ml.verifyAccountProof(block.stateRoot, a), (a) => ml.verifyCode(a, a),
    (a) => ml.verifyBlock(a), (a) => ml.transactionsRoot(a), (a) => ml.transactionsRoot([a]), (a) => ml.receiptsRoot([a]),
    (a) => ml.withdrawalsRoot([a]), (a) => ml.chainPreset(a), (a) => ml.verifyReceiptProof(a, 0, a, a),
  ];
  let thrown = 0;
  for (const call of calls) {
    for (const input of junk) {
      try {
        call(input);
      } catch (err) {
        assert.ok(err instanceof Error, `${call} threw a non-Error`);
        assert.match(err.code ?? '', /^[A-Z_]+$/, `${call}(${String(input).slice(0, 20)}) threw without a code: ${err.message}`);
        thrown += 1;
      }
    }
  }
  assert.ok(thrown > calls.length * junk.length * 0.8, `only ${thrown} refusals`);
  assert.equal(ml.blockHash(block), block.hash, 'the module still works after all of that');
});
