// A LightNode inside a Web Worker, so a page never freezes while the node syncs headers or
// re-executes a block. Driven by WorkerLightNode (index.js) over postMessage: `{id, op, args}` in,
// `{id, result}` / `{id, error}` / `{id, progress}` out; `{op: 'cancel', args: {id}}` aborts work `id`.
import { LightNode } from './index.js';

let node;
const running = new Map();
/** L1 nodes for verifyL1Commitment, one per set of options: a Promise until the node is created. */
const l1Nodes = new Map();

async function l1Node(options) {
  const key = JSON.stringify(options);
  if (!l1Nodes.has(key)) l1Nodes.set(key, LightNode.create(options));
  try {
    const l1 = await l1Nodes.get(key);
    l1Nodes.set(key, l1);
    return l1;
  } catch (err) {
    l1Nodes.delete(key);
    throw err;
  }
}

/** Progress and cancel for work `id`. */
function observe(id) {
  const controller = new AbortController();
  running.set(id, controller);
  return { onProgress: (progress) => self.postMessage({ id, progress }), signal: controller.signal };
}

// `roundTrips` counts every server the worker talks to: the node's, and L1's for commitment checks.
const roundTrips = () => [...l1Nodes.values()].reduce((sum, l1) => sum + (l1 instanceof LightNode ? l1.roundTrips : 0), node.roundTrips);
const status = () => ({ head: node.head, chainId: node.chainId, roundTrips: roundTrips(), trustStatus: node.trustStatus, store: node.store.stats() });

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
    case 'verifyL1Commitment':
      return node.verifyL1Commitment(await l1Node(args.l1), args.request);
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
