// A fork served from the checkpoint: two anvils from the same genesis, one honest and one that
// builds its own chain. Where no consensus is public, the servers must agree on every header the
// node links: a disagreement is an error naming them, never a silent pick.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

let honest;
let forker;
let genesis;

before(async () => {
  const same = ['--timestamp', '1700000000', '--no-mining'];
  [honest, forker] = await Promise.all([startAnvil({ args: same }), startAnvil({ args: same })]);
  genesis = await honest.rpc('eth_getBlockByNumber', ['0x0', false]);
  const other = await forker.rpc('eth_getBlockByNumber', ['0x0', false]);
  assert.equal(other.hash, genesis.hash, 'both chains start from one genesis');
  for (let i = 0; i < 3; i++) await honest.rpc('evm_mine', []);
  // The forker's own history: a balance it grants itself, in blocks that link to the same genesis.
  await forker.rpc('anvil_setBalance', ['0x00000000000000000000000000000000000000aa', '0xde0b6b3a7640000']);
  for (let i = 0; i < 3; i++) await forker.rpc('evm_mine', []);
});

after(async () => {
  await honest?.stop();
  await forker?.stop();
});

const checkpoint = () => ({ number: 0, hash: genesis.hash });

test('two servers serving different chains from the checkpoint: refused, naming both', async () => {
  await assert.rejects(LightNode.create({ chain: 'devnet', rpc: [honest.url, forker.url], checkpoint: checkpoint() }), (err) => {
    assert.equal(err.code, 'SERVERS_DISAGREE');
    assert.match(err.message, new RegExp(honest.url.replace(/[.:/]/g, '.')));
    assert.match(err.message, new RegExp(forker.url.replace(/[.:/]/g, '.')));
    return true;
  });
});

test('servers that agree answer as before, and the trust status says how many must agree', async () => {
  const node = await LightNode.create({ chain: 'devnet', rpc: [honest.url, honest.url], checkpoint: checkpoint() });
  assert.equal(await node.request({ method: 'eth_blockNumber' }), '0x3');
  const { trustStatus } = node;
  assert.deepEqual(trustStatus.agreement, { servers: 2, mustAgree: 2 });
  assert.match(trustStatus.tags.latest, /2 of 2 servers/);
});

test('a fork that appears after the node started is refused at sync, and the head does not move', async () => {
  const same = ['--timestamp', '1700000000', '--no-mining'];
  const [a, b] = await Promise.all([startAnvil({ args: same }), startAnvil({ args: same })]);
  try {
    const node = await LightNode.create({ chain: 'devnet', rpc: [a.url, b.url], checkpoint: checkpoint() });
    assert.equal(node.head.number, 0);
    await a.rpc('evm_mine', []);
    await b.rpc('anvil_setBalance', ['0x00000000000000000000000000000000000000bb', '0x1']);
    await b.rpc('evm_mine', []);
    await assert.rejects(node.sync(), (err) => err.code === 'SERVERS_DISAGREE');
    assert.equal(node.head.number, 0);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('agree: 1 is plain failover: the first server that answers is believed, as the trust status says', async () => {
  const node = await LightNode.create({ chain: 'devnet', rpc: [honest.url, forker.url], checkpoint: checkpoint(), agree: 1 });
  assert.equal(await node.request({ method: 'eth_blockNumber' }), '0x3');
  const { trustStatus } = node;
  assert.deepEqual(trustStatus.agreement, { servers: 2, mustAgree: 1 });
});

test('a reorg deeper than 64 blocks is refused, in one sync or in several, and the held chain is kept', async () => {
  const a = await startAnvil({ args: ['--no-mining'] });
  try {
    const genesisA = await a.rpc('eth_getBlockByNumber', ['0x0', false]);
    await a.rpc('anvil_mine', ['0x5']);
    const snapshot = await a.rpc('evm_snapshot', []);
    await a.rpc('anvil_mine', ['0x64']);
    const node = await LightNode.create({ chain: 'devnet', rpc: a.url, checkpoint: { number: 0, hash: genesisA.hash } });
    assert.equal(node.head.number, 105);
    const held = node.head.hash;
    // Another history from block 6 on, longer than the one the node holds.
    await a.rpc('evm_revert', [snapshot]);
    await a.rpc('anvil_setBalance', ['0x00000000000000000000000000000000000000cc', '0x1']);
    await a.rpc('anvil_mine', ['0x6e']);
    for (let i = 0; i < 3; i++) {
      await assert.rejects(node.sync(), (err) => err.code === 'HEADER_CHAIN_BROKEN');
      assert.equal(node.head.number, 105);
      assert.equal(node.head.hash, held);
    }
  } finally {
    await a.stop();
  }
});

test('a shallow reorg is followed', async () => {
  const a = await startAnvil({ args: ['--no-mining'] });
  try {
    const genesisA = await a.rpc('eth_getBlockByNumber', ['0x0', false]);
    await a.rpc('anvil_mine', ['0x5']);
    const snapshot = await a.rpc('evm_snapshot', []);
    await a.rpc('anvil_mine', ['0x3']);
    const node = await LightNode.create({ chain: 'devnet', rpc: a.url, checkpoint: { number: 0, hash: genesisA.hash } });
    assert.equal(node.head.number, 8);
    await a.rpc('evm_revert', [snapshot]);
    await a.rpc('anvil_setBalance', ['0x00000000000000000000000000000000000000dd', '0x1']);
    await a.rpc('anvil_mine', ['0x4']);
    const newHead = await a.rpc('eth_getBlockByNumber', ['latest', false]);
    assert.equal(await node.sync(), 9);
    assert.equal(node.head.hash, newHead.hash);
  } finally {
    await a.stop();
  }
});
