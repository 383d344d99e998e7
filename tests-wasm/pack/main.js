// A wallet's app, built by Vite against the packed npm tarball installed as a dependency: a cold
// start timed to the first verified balance (the wasm's fetch and compile, init, LightNode.create,
// the first answer), the same balance through WorkerLightNode (the worker is a file of its own),
// and a bad input refused with a coded error. Then a block re-executed, on the page and in the
// worker: the full module, fetched only then.
import init, { LightNode, WorkerLightNode, blockHash, fullModuleLoaded, wasmVariant } from 'metis-lightnode';

const params = new URLSearchParams(location.search);
const options = { chain: 'devnet', rpc: params.get('rpc'), checkpoint: { number: 0, hash: params.get('genesis') }, store: params.get('store') ?? 'memory' };
const ask = { method: 'eth_getBalance', params: [params.get('who'), params.get('block')] };

async function main() {
  const start = performance.now();
  await init();
  const initialized = performance.now();
  const node = await LightNode.create(options);
  const created = performance.now();
  const balance = await node.request(ask);
  const answered = performance.now();
  const wasmFetched = () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'));
  const beforeAnswer = wasmFetched().map((e) => e.name);
  const wasm = wasmFetched()[0];
  const timing = {
    toScript: start,
    wasmFetch: wasm ? wasm.responseEnd - wasm.startTime : null,
    wasmBytesOverWire: wasm?.transferSize ?? null,
    init: initialized - start,
    create: created - initialized,
    firstAnswer: answered - created,
    total: answered,
  };
  const roundTrips = node.roundTrips;
  const fullBeforeUse = fullModuleLoaded();
  const empty = Number(params.get('block')) + 1;
  const lazyStart = performance.now();
  const executed = await node.verifyBlockExecution(empty);
  const lazy = {
    ms: performance.now() - lazyStart,
    executed: executed.number,
    fetched: wasmFetched().filter((e) => !beforeAnswer.includes(e.name)).map((e) => ({ name: e.name.split('/').at(-1), bytes: e.transferSize })),
  };
  let viaWorker = null;
  let workerExecuted = null;
  if (params.get('worker')) {
    const worker = await WorkerLightNode.create({ ...options, store: 'memory' });
    viaWorker = await worker.request(ask);
    workerExecuted = (await worker.verifyBlockExecution(empty)).number;
    worker.terminate();
  }
  let refused = null;
  try {
    blockHash({ number: 'not a number' });
  } catch (err) {
    refused = err.code;
  }
  window.result = { balance, roundTrips, timing, variant: wasmVariant(), beforeAnswer: beforeAnswer.map((n) => n.split('/').at(-1)), fullBeforeUse, lazy, viaWorker, workerExecuted, refused };
  document.getElementById('out').textContent = `balance ${BigInt(balance)} verified in ${Math.round(answered)} ms`;
}

main().catch((err) => {
  window.result = { error: String(err?.stack ?? err) };
});
