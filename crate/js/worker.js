// A LightNode inside a Web Worker, so a page never freezes while the node syncs headers or
// re-executes a block. Driven by WorkerLightNode (index.js) over postMessage: `{id, op, args}` in,
// `{id, result}` / `{id, error}` / `{id, progress}` out.
import { LightNode } from './index.js';

let node;
const running = new Map();

async function run(id, op, args) {
  switch (op) {
    case 'create':
      node = await LightNode.create(args);
      return { chainId: node.chainId };
    case 'request':
      return node.request(args);
    case 'verifyBlockExecution': {
      const controller = new AbortController();
      running.set(id, controller);
      const onProgress = (progress) => self.postMessage({ id, progress });
      return node.verifyBlockExecution(args.number, { onProgress, signal: controller.signal });
    }
    case 'cancel':
      running.get(args.id)?.abort();
      return null;
    case 'status':
      return { head: node.head, roundTrips: node.roundTrips, trustStatus: node.trustStatus, store: node.store.stats() };
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
