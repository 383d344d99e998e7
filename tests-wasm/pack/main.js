// A wallet's app, built by Vite against the packed npm tarball installed as a dependency: a cold
// start timed to the first verified balance (the wasm's fetch and compile, init, LightNode.create,
// the first answer), the same balance through WorkerLightNode (the worker is a file of its own),
// and a bad input refused with a coded error.
import init, { LightNode, WorkerLightNode, blockHash, wasmVariant } from 'metis-lightnode';

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
  const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
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
  let viaWorker = null;
  if (params.get('worker')) {
    const worker = await WorkerLightNode.create({ ...options, store: 'memory' });
    viaWorker = await worker.request(ask);
    worker.terminate();
  }
  let refused = null;
  try {
    blockHash({ number: 'not a number' });
  } catch (err) {
    refused = err.code;
  }
  window.result = { balance, roundTrips, timing, variant: wasmVariant(), viaWorker, refused };
  document.getElementById('out').textContent = `balance ${BigInt(balance)} verified in ${Math.round(answered)} ms`;
}

main().catch((err) => {
  window.result = { error: String(err?.stack ?? err) };
});
