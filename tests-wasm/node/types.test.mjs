// The package's TypeScript declarations: a wallet-shaped consumer (tests-wasm/types/consumer.ts) that
// uses the whole API with viem and ethers must compile under `tsc --strict` against pkg/index.d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

test('index.d.ts types the whole API for a TypeScript consumer', () => {
  const tsc = spawnSync(`${root}node_modules/.bin/tsc`, ['-p', `${root}tests-wasm/types/tsconfig.json`], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});
