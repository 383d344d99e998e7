// The demo: a local anvil chain seeded with our contracts, and the page that verifies it.
import { serve } from './serve.mjs';
import { startAnvil } from '../tests-wasm/harness/anvil.mjs';
import { seedDevnet } from '../tests-wasm/harness/seed.mjs';
import { seedLazai } from '../tests-wasm/harness/lazai.mjs';

const root = new URL('..', import.meta.url).pathname;
const anvil = await startAnvil({ port: Number(process.env.ANVIL_PORT ?? 8545), args: ['--no-mining', '--order', 'fifo'] });
const seed = await seedDevnet(anvil.url);
// LazAI's contracts (DAT, DataRegistry, VerifiedComputing, iDAO), mined as they are sent.
await anvil.rpc('evm_setAutomine', [true]);
const { nodeKey, strangerKey, ...lazai } = await seedLazai(anvil.url);
const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
// Keep producing blocks so the page has a moving head to follow.
await anvil.rpc('evm_setIntervalMining', [2]);

const config = () => ({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash }, seed, lazai });
const page = await serve(root, Number(process.env.PORT ?? 8080), { '/devnet.json': config });
console.log(`anvil:  ${anvil.url} (seed block ${Number(seed.blockNumber)}, contract ${seed.contract}; LazAI DAT ${lazai.dat}, registry ${lazai.registry}, iDAO ${lazai.governor})`);
console.log(`page:   ${page.url}/  (Ctrl-C stops both)`);

const stop = async () => {
  await page.close();
  await anvil.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
