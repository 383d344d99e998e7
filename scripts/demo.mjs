// The demo: a local anvil chain seeded with our contracts, an Andromeda-shaped Metis devnet (sequencer
// signatures, state roots committed on an L1 anvil), and the page that verifies them. The page test
// starts the same thing (on free ports, without interval mining).
import { serve } from './serve.mjs';
import { startAnvil } from '../tests-wasm/harness/anvil.mjs';
import { seedDevnet } from '../tests-wasm/harness/seed.mjs';
import { FILE_BYTES, seedLazai } from '../tests-wasm/harness/lazai.mjs';
import { SCC, SEQUENCER_SET, commitOnL1, startAndromeda } from '../tests-wasm/harness/andromeda.mjs';
import { RECORDED_NOW, RECORDED_ROOT, startBeaconApi, startRecordedExecution } from '../tests-wasm/harness/beacon.mjs';
import init, * as ml from '../pkg/index.js';

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
  // Metis: 4 sequencer epochs on L2, its state roots in 2 L1 batches (fraud-proof window 60 s).
  const metis = await startAndromeda({ epochs: 4 });
  const last = Number(await metis.anvil.rpc('eth_blockNumber', []));
  const { l1, checkpoint: l1Checkpoint } = await commitOnL1(metis.anvil, last, { window: 60, cuts: [3] });
  // Ethereum mainnet as recorded (helios's light-client data): a beacon API and an execution server
  // that knows the recorded blocks; the page's clock for it is the recording's.
  await init();
  const beacon = await startBeaconApi();
  const execution = await startRecordedExecution(ml);
  const config = {
    chain: 'devnet',
    rpc: anvil.url,
    checkpoint: { number: 0, hash: genesis.hash },
    seed,
    lazai: { ...lazai, fileText: new TextDecoder().decode(FILE_BYTES) },
    metis: {
      chain: 'metis-devnet', rpc: metis.l2geth.url, checkpoint: metis.checkpoint, sequencerSet: SEQUENCER_SET, block: metis.marks.transfer,
      l1: { chain: 'devnet', rpc: l1.url, checkpoint: l1Checkpoint }, scc: SCC, container: SCC,
    },
    // Only the signed head and its parent are recorded: link two headers back, then start from there.
    ethereum: { chain: 'ethereum', rpc: execution.url, maxSync: 2, beacon: { api: beacon.url, checkpoint: RECORDED_ROOT, now: RECORDED_NOW } },
  };
  const page = await serve(root, port, { '/devnet.json': () => config });
  return {
    anvil, metis, l1, page, config, beacon,
    stop: async () => {
      await page.close();
      await beacon.close();
      await execution.close();
      await anvil.stop();
      await metis.stop();
      await l1.stop();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const demo = await startDemo({ port: Number(process.env.PORT ?? 8080), anvilPort: Number(process.env.ANVIL_PORT ?? 8545) });
  const { seed, lazai } = demo.config;
  console.log(`anvil:  ${demo.anvil.url} (seed block ${Number(seed.blockNumber)}, contract ${seed.contract}; LazAI DAT ${lazai.dat}, registry ${lazai.registry}, iDAO ${lazai.governor})`);
  console.log(`metis:  ${demo.config.metis.rpc} (Andromeda-shaped L2, l2geth RPC), L1 ${demo.l1.url}`);
  console.log(`ethereum: beacon API ${demo.config.ethereum.beacon.api} and execution ${demo.config.ethereum.rpc} (recorded mainnet, sync-committee period 867)`);
  console.log(`page:   ${demo.page.url}/  (Ctrl-C stops everything)`);
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
