// The devnet preset follows the fork the anvil runs: wallet and dapp setups start anvil with
// `--hardfork cancun`, `shanghai` or `london` as often as with its newest fork.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode } from '../../pkg/index.js';
import { startAnvil, waitForReceipt } from '../harness/anvil.mjs';

for (const hardfork of ['cancun', 'shanghai', 'london', 'prague']) {
  test(`an anvil started with --hardfork ${hardfork} is followed, and its state proven`, async () => {
    const anvil = await startAnvil({ args: ['--hardfork', hardfork] });
    try {
      const [from] = await anvil.rpc('eth_accounts', []);
      // anvil's genesis under older hardforks is not canonical: anchor at block 1.
      // anvil answers before it mines: wait for each receipt.
      await waitForReceipt(anvil.url, await anvil.rpc('eth_sendTransaction', [{ from, to: '0x00000000000000000000000000000000000000ee', value: '0x2a' }]));
      const one = await anvil.rpc('eth_getBlockByNumber', ['0x1', false]);
      await waitForReceipt(anvil.url, await anvil.rpc('eth_sendTransaction', [{ from, to: '0x00000000000000000000000000000000000000ee', value: '0x1' }]));
      const node = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 1, hash: one.hash } });
      assert.equal(node.head.number, 2);
      assert.equal(await node.request({ method: 'eth_getBalance', params: ['0x00000000000000000000000000000000000000ee', 'latest'] }), '0x2b');
      const gas = await node.request({ method: 'eth_estimateGas', params: [{ from, to: '0x00000000000000000000000000000000000000ee', value: '0x1' }, 'latest'] });
      assert.equal(gas, '0x5208');
    } finally {
      await anvil.stop();
    }
  });
}
