// Entry of the npm package: the wasm-bindgen module plus an `init()` that also works in Node
// (where `fetch` cannot read the .wasm file beside this one).
import wbgInit, { WasmLightNode } from './metis_lightnode.js';

export {
  blockHash,
  decodeHeader,
  verifyHeaderChain,
  verifyMptProof,
  verifyAccountProof,
  verifyCode,
  verifyBlock,
  verifyReceiptProof,
  verifyTransactionProof,
  transactionsRoot,
  receiptsRoot,
  withdrawalsRoot,
  chainPreset,
  benchVerifyProofs,
  benchVerifyHeaders,
  benchStore,
} from './metis_lightnode.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
let ready;

/** Loads the wasm module once; later calls return the same promise. */
export default function init(input) {
  ready ??= load(input);
  return ready;
}

async function load(input) {
  if (input === undefined && isNode) {
    const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
    input = await readFile(new URL('./metis_lightnode_bg.wasm', import.meta.url));
  }
  return wbgInit(input === undefined ? undefined : { module_or_path: input });
}

/** An EIP-1193 error: numeric `code`, and `data.code` the package's stable string code. */
export class ProviderRpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.name = 'ProviderRpcError';
    this.code = code;
    this.data = data;
  }
}

/** The wasm error's numeric `rpcCode` (EIP-1474; -32010: refused by verification) becomes `code`. */
function toProviderError(err) {
  if (!(err instanceof Error) || typeof err.rpcCode !== 'number') return err;
  if (err.code === 'EXECUTION_REVERTED') return new ProviderRpcError(3, err.message, err.data);
  return new ProviderRpcError(err.rpcCode, err.message, { code: err.code });
}

/**
 * A light client that answers JSON-RPC with verified data only. It is its own EIP-1193 provider
 * (`node.request`, `node.on`), also reachable as `node.provider`.
 */
export class LightNode {
  #inner;
  #listeners = new Map();

  /** Connects to `rpc`, anchors at `checkpoint` and verifies the header chain to the head. */
  static async create(options) {
    await init();
    const node = new LightNode(await WasmLightNode.create(options));
    setTimeout(() => node.#emit('connect', { chainId: `0x${node.chainId.toString(16)}` }), 0);
    return node;
  }

  constructor(inner) {
    this.#inner = inner;
  }

  /** EIP-1193 `request({method, params})`. */
  async request({ method, params } = {}) {
    try {
      return await this.#inner.request({ method, params: params ?? [] });
    } catch (err) {
      throw toProviderError(err);
    }
  }

  /** EIP-1193 events: `connect` once after creation; the chain never changes under a node. */
  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return this;
  }

  removeListener(event, listener) {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  #emit(event, payload) {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }

  /** This node as an EIP-1193 provider object (for `custom(node.provider)` or `new BrowserProvider(...)`). */
  get provider() {
    return this;
  }

  /**
   * Re-executes block `number` on a witness proven against its parent's state root and checks its
   * gas, receipts, bloom, requests and state root; resolves to a report, rejects with a coded error
   * (`EXECUTION_MISMATCH` names the first field, and transaction, that differs).
   */
  async verifyBlockExecution(number) {
    return this.#inner.verifyBlockExecution(Number(number));
  }

  /** The verified head `{number, hash}`. */
  get head() {
    return this.#inner.head;
  }

  get chainId() {
    return this.#inner.chainId;
  }

  /** HTTP round trips made to the RPC servers so far. */
  get roundTrips() {
    return this.#inner.roundTrips;
  }

  /** What anchors the node's answers. */
  get trustStatus() {
    return this.#inner.trustStatus;
  }

  /** MetisDB: `stats()` (written, bytesWritten, hits, misses, corrupt) and `clear()`. */
  get store() {
    const inner = this.#inner;
    return { stats: () => inner.storeStats(), clear: () => inner.clearStore() };
  }
}
