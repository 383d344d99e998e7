// A soak of the page's node in headless Chromium: a seeded anvil, a node with MetisDB in IndexedDB,
// and `requests` mixed requests (state, calls, blocks, receipts, logs, estimates) in rounds, a block
// mined between rounds, each answer compared with anvil's own. The JS heap (after a forced GC) and
// the wasm memory are read after a warm-up round and at the end.
import { encodeFunctionData } from 'viem';
import { startAnvil } from './anvil.mjs';
import { openTestPage } from './browser.mjs';
import { seedDevnet } from './seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

const ROUND = 100;

/** Whether an answer says what anvil says: equal values, and for objects every field both give equal. */
function agrees(ours, theirs) {
  if (Array.isArray(ours)) return Array.isArray(theirs) && ours.length === theirs.length && ours.every((v, i) => agrees(v, theirs[i]));
  if (ours && typeof ours === 'object') {
    if (!theirs || typeof theirs !== 'object') return false;
    const shared = Object.keys(ours).filter((key) => key in theirs);
    return shared.length > 0 && shared.every((key) => agrees(ours[key], theirs[key]));
  }
  return typeof ours === 'string' && typeof theirs === 'string' ? ours.toLowerCase() === theirs.toLowerCase() : ours === theirs;
}

/** Requests that answer the same from the node as from anvil at a fixed block. */
function queries(seed, block) {
  const { Token } = compileContracts();
  const balanceOf = (who) => encodeFunctionData({ abi: Token.abi, functionName: 'balanceOf', args: [who] });
  const transfer = encodeFunctionData({ abi: Token.abi, functionName: 'transfer', args: [seed.authority, 1n] });
  return [
    ['eth_getBalance', [seed.authority, block]],
    ['eth_getBalance', [seed.sender, block]],
    ['eth_getTransactionCount', [seed.sender, block]],
    ['eth_getStorageAt', [seed.contract, '0x0', block]],
    ['eth_getCode', [seed.token, block]],
    ['eth_call', [{ to: seed.token, data: balanceOf(seed.authority) }, block]],
    ['eth_call', [{ to: seed.token, data: balanceOf(seed.sender) }, block]],
    ['eth_estimateGas', [{ from: seed.sender, to: seed.token, data: transfer }, block]],
    ['eth_getBlockByNumber', [block, false]],
    ['eth_getTransactionReceipt', [seed.transferHash]],
    ['eth_getLogs', [{ address: seed.token, fromBlock: seed.transferBlock, toBlock: seed.transferBlock }]],
  ];
}

export async function soak({ requests = 10_000, log = () => {} } = {}) {
  const anvil = await startAnvil();
  const opened = await openTestPage('tests-wasm/browser/soak.html');
  try {
    const seed = await seedDevnet(anvil.url);
    const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
    const { page } = opened;
    const cdp = await page.context().newCDPSession(page);
    const memory = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return { jsHeap: usedSize, wasm: await page.evaluate(() => window.wasmBytes()) };
    };
    await page.evaluate((o) => window.openNode(o), { chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis.hash } });
    let done = 0;
    let wrong = 0;
    let errors = 0;
    let start;
    while (done < requests) {
      const block = await anvil.rpc('eth_blockNumber', []);
      const set = queries(seed, block);
      const expected = await Promise.all(set.map(([method, params]) => anvil.rpc(method, params)));
      const round = Array.from({ length: Math.min(ROUND, requests - done) }, (_, i) => (done + i) % set.length);
      const answers = await page.evaluate((q) => window.runQueries(q), round.map((i) => set[i]));
      answers.forEach((a, k) => {
        if (a.error) errors += 1;
        else if (!agrees(a.result, expected[round[k]])) wrong += 1;
      });
      done += round.length;
      if (!start) start = { done, ...(await memory()) };
      await anvil.rpc('evm_mine', []);
      if (done % 1_000 === 0) log(`${done} requests`);
    }
    return { requests: done, errors, wrong, start, end: { done, ...(await memory()) } };
  } finally {
    await opened.close();
    await anvil.stop();
  }
}
