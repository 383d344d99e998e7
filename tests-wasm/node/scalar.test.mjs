// The two builds of the npm package: init() loads the SIMD build where the engine runs wasm SIMD and
// the scalar build where it does not (simulated here by a WebAssembly.validate that refuses the SIMD
// probe); the scalar build verifies the same data, and refuses the same lies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as ml from '../../pkg/index.js';
import { HiveBench } from '../../pkg/bench.js';

const fixtures = new URL('../../../shared/fixtures/', import.meta.url);
const load = (path) => JSON.parse(readFileSync(new URL(path, fixtures), 'utf8'));

test('Node runs wasm SIMD, and the probe tells it', () => {
  assert.equal(ml.simdSupported(), true);
  assert.equal(ml.wasmVariant(), null, 'nothing loaded before init()');
});

test('without wasm SIMD, init() loads the scalar build, which re-executes the hive chain and refuses tampering', async () => {
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    await init();
  } finally {
    WebAssembly.validate = validate;
  }
  assert.equal(ml.wasmVariant(), 'scalar');
  assert.equal(ml.fullModuleLoaded(), false, 'the full module waits for its first use');
  await ml.initFull();

  const hive = new URL('execution-apis/tests/', fixtures);
  const bench = new HiveBench(readFileSync(new URL('genesis.json', hive), 'utf8'), new Uint8Array(readFileSync(new URL('chain.rlp', hive))));
  const replayed = bench.replay();
  assert.equal(replayed.blocks, 54, 'every block to its header’s state root, receipts and gas');

  const headers = load('ethereumjs/block_blocks_mainnet.json').map((b) => b.header);
  const hashes = headers.map((h) => ml.blockHash(h));
  assert.equal(ml.verifyHeaderChain(headers, { number: 5, hash: hashes[4] }).length, 5);
  const broken = structuredClone(headers);
  broken[2].gasUsed = '0x1';
  assert.throws(() => ml.verifyHeaderChain(broken, { number: 5, hash: hashes[4] }), { code: 'HEADER_CHAIN_BROKEN' });
});
