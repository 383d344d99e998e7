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

// The hand-written declarations against the runtime: every preset name, error code and method the
// module has must be in index.d.ts's unions, and nothing more.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import init, { chainPresets, errorCodes, supportedMethods, LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

/** The string literals of a union: `Interface.member`, or a type alias's own. */
function union(name, member) {
  const file = ts.createSourceFile('index.d.ts', readFileSync(`${root}pkg/index.d.ts`, 'utf8'), ts.ScriptTarget.Latest, true);
  let type;
  ts.forEachChild(file, (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) type = node.members.find((m) => m.name?.text === member)?.type;
    if (ts.isTypeAliasDeclaration(node) && node.name.text === name && !member) type = node.type;
  });
  assert.ok(type && ts.isUnionTypeNode(type), `${name}${member ? `.${member}` : ''} is a union in index.d.ts`);
  return type.types.map((t) => t.literal.text).sort();
}

test('index.d.ts names every preset, error code and method the runtime has, and no other', async () => {
  await init();
  assert.deepEqual(union('ChainSpec', 'name'), chainPresets().map((p) => p.name).sort());
  assert.deepEqual(union('LightnodeError', 'code'), [...errorCodes()].sort());
  assert.deepEqual(union('RpcMethod'), [...supportedMethods()].sort());
});

test('every method supportedMethods() lists is answered, and an unlisted one is refused', async () => {
  await init();
  const anvil = await startAnvil();
  try {
    const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
    const node = await LightNode.create({ chain: 'devnet', rpc: [anvil.url], checkpoint: { number: 0, hash: genesis.hash } });
    for (const method of supportedMethods()) {
      // Without params most fail as invalid input; none may be refused as a method the node lacks.
      const code = await node.request({ method, params: [] }).then(() => null, (e) => e.data?.code ?? e.code);
      assert.notEqual(code, 'NOT_VERIFIABLE', method);
    }
    await assert.rejects(node.request({ method: 'eth_sign', params: [] }), (e) => e.data?.code === 'NOT_VERIFIABLE' || e.code === 4200);
  } finally {
    await anvil.stop();
  }
});
