// A LightNode inside a Web Worker, so a page never freezes while the node syncs headers or
// re-executes a block. Driven by WorkerLightNode (index.js) over postMessage: `{id, op, args}` in,
// `{id, result}` / `{id, error}` / `{id, progress}` out; `{op: 'cancel', args: {id}}` aborts work `id`.
import { LightNode } from './index.js';

let node;
const running = new Map();

/** Progress and cancel for work `id`. */
function observe(id) {
  const controller = new AbortController();
  running.set(id, controller);
  return { onProgress: (progress) => self.postMessage({ id, progress }), signal: controller.signal };
}

const status = () => ({ head: node.head, chainId: node.chainId, roundTrips: node.roundTrips, trustStatus: node.trustStatus, store: node.store.stats() });

async function run(id, op, args) {
  switch (op) {
    case 'create':
      node = await LightNode.create({ ...args, ...observe(id) });
      return status();
    case 'request':
      return node.request(args);
    case 'sync':
      return node.sync(observe(id));
    case 'verifyBlockExecution':
      return node.verifyBlockExecution(args.number, observe(id));
    case 'header':
      return node.header(args.number);
    case 'verifySequencer':
      return node.verifySequencer(args.number);
    case 'lazai':
      return node[args.area][args.op](args.args);
    case 'cancel':
      running.get(args.id)?.abort();
      return null;
    case 'status':
      return status();
    case 'storeCheck':
      return node.store.check();
    case 'clearStore':
      return node.store.clear();
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

self.onmessage = async ({ data: { id, op, args } }) => {
  try {
    self.postMessage({ id, result: await run(id, op, args) });
  } catch (err) {
    self.postMessage({ id, error: { name: err.name, message: err.message, code: err.code, data: err.data } });
  } finally {
    running.delete(id);
  }
};
