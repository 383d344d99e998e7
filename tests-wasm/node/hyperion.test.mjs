// Hyperion's inference precompile (0x…0999 in metis-sdk) runs a language model: a light client cannot
// re-run it, so a call that reaches it is refused as not verifiable, never answered as if the address
// were an empty account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

const INFERENCE = '0x0000000000000000000000000000000000000999';

test('an eth_call that reaches the inference precompile is refused with 4200; other calls answer', async () => {
  const anvil = await startAnvil({ args: ['--chain-id', '133717'] });
  try {
    const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
    const node = await LightNode.create({ chain: 'hyperion', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash } });
    await assert.rejects(node.request({ method: 'eth_call', params: [{ to: INFERENCE, data: '0x1234' }, 'latest'] }), (err) => err.code === 4200 && err.data?.code === 'NOT_VERIFIABLE');
    // Init code that CALLs the precompile: reaching it from inside a contract is refused too.
    const viaContract = '0x6000600060006000600061099961fffff150';
    await assert.rejects(node.request({ method: 'eth_call', params: [{ data: viaContract }, 'latest'] }), (err) => err.code === 4200);
    assert.equal(await node.request({ method: 'eth_call', params: [{ to: '0x00000000000000000000000000000000000000ab', data: '0x' }, 'latest'] }), '0x');
  } finally {
    await anvil.stop();
  }
});
