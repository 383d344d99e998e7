// The demo: a local anvil chain seeded with our contracts, and the page that verifies it. The page
// test starts the same thing (on free ports, without interval mining).
import { serve } from './serve.mjs';
import { startAnvil } from '../tests-wasm/harness/anvil.mjs';
import { seedDevnet } from '../tests-wasm/harness/seed.mjs';
import { FILE_BYTES, seedLazai } from '../tests-wasm/harness/lazai.mjs';

const root = new URL('..', import.meta.url).pathname;

/** Starts anvil, seeds it, serves the page with `/devnet.json`; `intervalMining` seconds (0: off). */
export async function startDemo({ port = 8080, anvilPort = 8545, intervalMining = 2 } = {}) {
  const anvil = await startAnvil({ port: anvilPort, args: ['--no-mining', '--order', 'fifo'] });
  const seed = await seedDevnet(anvil.url);
  // LazAI's contracts (DAT, DataRegistry, VerifiedComputing, iDAO), mined as they are sent.
  await anvil.rpc('evm_setAutomine', [true]);
  const { nodeKey, strangerKey, proofData, ...lazai } = await seedLazai(anvil.url);
  const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
  // Keep producing blocks so the page has a moving head to follow.
  if (intervalMining) await anvil.rpc('evm_setIntervalMining', [intervalMining]);
  const config = {
    chain: 'devnet',
    rpc: anvil.url,
    checkpoint: { number: 0, hash: genesis.hash },
    seed,
    lazai: { ...lazai, fileText: new TextDecoder().decode(FILE_BYTES) },
  };
  const page = await serve(root, port, { '/devnet.json': () => config });
  return {
    anvil, page, config,
    stop: async () => {
      await page.close();
      await anvil.stop();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const demo = await startDemo({ port: Number(process.env.PORT ?? 8080), anvilPort: Number(process.env.ANVIL_PORT ?? 8545) });
  const { seed, lazai } = demo.config;
  console.log(`anvil:  ${demo.anvil.url} (seed block ${Number(seed.blockNumber)}, contract ${seed.contract}; LazAI DAT ${lazai.dat}, registry ${lazai.registry}, iDAO ${lazai.governor})`);
  console.log(`page:   ${demo.page.url}/  (Ctrl-C stops both)`);
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
