// Entry of the npm package: the wasm-bindgen module plus an `init()` that also works in Node
// (where `fetch` cannot read the .wasm file beside this one). Two modules: the first (this glue's)
// holds what a wallet needs for its first answers, a Metis chain's sequencer and L1 commitment
// checks among them; the full one (re-execution, `verifyL1Commitment` on demand, LazAI, the
// precompiles past the first four, `eth_simulateV1`, the spec tests) is
// loaded on first use, and a node that
// re-executes each block (validating mode, a sequencer chain MetisVM re-executes) is created in it.
import wbgInit, { WasmLightNode, verifiedMethods, fullBuildNeeded } from './metis_lightnode.js';
import { Subscriptions, SUBSCRIPTION_METHODS } from './subscriptions.js';

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
  chainPresets,
  errorCodes,
  beaconSync,
  checkStore,
} from './metis_lightnode.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
let ready;
let variant = null;

// The smallest module that uses a v128 instruction: it validates only where wasm SIMD runs.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this engine runs wasm SIMD (simd128): then the SIMD build is loaded, else the scalar one. */
export function simdSupported() {
  return WebAssembly.validate(SIMD_PROBE);
}

/** Every JSON-RPC method a `LightNode` answers itself (anything else is refused, or passed through when configured). */
export function supportedMethods() {
  return [...verifiedMethods(), ...SUBSCRIPTION_METHODS];
}

/** Which build `init()` loaded: `'simd'`, `'scalar'`, or `'custom'` (a module given to `init`); null before. */
export function wasmVariant() {
  return variant;
}

/**
 * Loads the first module once (the SIMD build where supported, else the scalar one); later calls
 * return the same promise. `input` replaces that module (bytes, a URL or a Response), `fullInput`
 * the full one (loaded on first use, by default the build of the same kind beside this file).
 */
export default function init(input, fullInput) {
  if (fullInput !== undefined) fullSource = fullInput;
  ready ??= load(input);
  return ready;
}

let fullSource;
let full;
let fullReady = false;

/** Node reads the module from disk: its `fetch` takes no file URLs. */
async function readable(url) {
  if (!isNode) return url;
  const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
  return readFile(url);
}

async function load(input) {
  if (input === undefined) {
    variant = simdSupported() ? 'simd' : 'scalar';
    // Literal `new URL(...)` forms, so bundlers ship every build as an asset.
    input = await readable(variant === 'simd' ? new URL('./metis_lightnode_bg.wasm', import.meta.url) : new URL('./metis_lightnode_scalar_bg.wasm', import.meta.url));
  } else {
    variant = 'custom';
  }
  return wbgInit({ module_or_path: input });
}

/**
 * The full module's exports, loaded once (after the first module, in the same variant): what
 * `LightNode` calls for re-execution, Metis and LazAI checks, and `lightClientTest`.
 */
export function initFull() {
  full ??= (async () => {
    await init();
    const glue = await import('./metis_lightnode_full.js');
    let input = fullSource;
    if (input === undefined) {
      const simd = variant === 'custom' ? simdSupported() : variant === 'simd';
      input = await readable(simd ? new URL('./metis_lightnode_full_bg.wasm', import.meta.url) : new URL('./metis_lightnode_full_scalar_bg.wasm', import.meta.url));
    }
    await glue.default({ module_or_path: input });
    fullReady = true;
    return glue;
  })();
  // A failed load (offline, a missing file) is tried again on the next use.
  full.catch(() => {
    full = undefined;
  });
  return full;
}

/** Whether the full module has been loaded (by `initFull()`, or by a first use that needed it). */
export function fullModuleLoaded() {
  return fullReady;
}

/** Runs one consensus-spec light-client test from its files (`{name: Uint8Array}`): the steps run (in the full module). */
export async function lightClientTest(files) {
  return (await initFull()).lightClientTest(files);
}

/** The methods that read or change a node's installed filters (moved with it into the full module). */
const FILTER_METHODS = new Set(['eth_newFilter', 'eth_newBlockFilter', 'eth_getFilterChanges', 'eth_getFilterLogs', 'eth_uninstallFilter']);

/** An EIP-1193 error: numeric `code`, and `data.code` the package's stable string code. */
export class ProviderRpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.name = 'ProviderRpcError';
    this.code = code;
    this.data = data;
  }
}

/** A 96x96 SVG: the icon wallets list the verifying provider with. */
const ICON = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#0a2540"/><path d="M26 50l14 14 30-32" stroke="#00dacc" stroke-width="10" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>')}`;

/**
 * Announces `provider` (an EIP-1193 provider: `node.provider`) to the dapps on this page by EIP-6963:
 * now, and again whenever one asks (`eip6963:requestProvider`). Returns a function that stops it.
 */
export function announceProvider(provider, { name = 'metis-lightnode (verified)', rdns = 'io.metis.lightnode', icon = ICON, uuid = globalThis.crypto.randomUUID() } = {}) {
  const detail = Object.freeze({ info: Object.freeze({ uuid, name, icon, rdns }), provider });
  const announce = () => globalThis.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
  globalThis.addEventListener('eip6963:requestProvider', announce);
  announce();
  return () => globalThis.removeEventListener('eip6963:requestProvider', announce);
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
/** LazAI arguments as the wasm side takes them: numbers and bigints as hex quantities, bytes as hex. */
function lazaiArgs(value) {
  if (typeof value === 'bigint' || typeof value === 'number') return `0x${value.toString(16)}`;
  if (value instanceof Uint8Array) return `0x${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  if (Array.isArray(value)) return value.map(lazaiArgs);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lazaiArgs(v)]));
  return value;
}

/**
 * EIP-1193 events of a provider: `connect` once after creation (the chain never changes under a
 * node), `message` for `eth_subscribe` deliveries, `error` when a subscription's poll fails.
 */
class Emitter {
  #listeners = new Map();

  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return this;
  }

  removeListener(event, listener) {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event, payload) {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }
}

export class LightNode extends Emitter {
  #inner;
  /** The options the node was created with, to create it again in the full module on first use. */
  #options;
  /** Whether `#inner` lives in the full module; the promise of that move while it runs. */
  #isFull;
  #moving;
  /** Round trips made by the first module's node before the move. */
  #roundTripsBefore = 0;
  /** Filter calls the node is answering, which a move waits for before it hands the filters over. */
  #filterCalls = new Set();

  /**
   * Connects to `rpc`, anchors at `checkpoint` and verifies the header chain to the head;
   * `onProgress({from, linked, target})` follows that sync, and an aborted `signal` cancels it.
   */
  static async create({ onProgress, signal, pollingIntervalMs, ...options }) {
    await init();
    // Once the full module is loaded there is no reason to keep a node out of it.
    const inFull = fullReady || fullBuildNeeded(options) != null;
    const glue = inFull ? await initFull() : { WasmLightNode };
    const node = new LightNode(await glue.WasmLightNode.create(options, onProgress, signal ?? null), pollingIntervalMs, options, inFull);
    setTimeout(() => node.emit('connect', { chainId: `0x${node.chainId.toString(16)}` }), 0);
    return node;
  }

  #subscriptions;

  constructor(inner, pollingIntervalMs, options, isFull) {
    super();
    this.#inner = inner;
    this.#options = options;
    this.#isFull = isFull;
    const ask = (method, params) => this.request({ method, params });
    this.#subscriptions = new Subscriptions(ask, (event, payload) => this.emit(event, payload), pollingIntervalMs);
  }

  /**
   * This node in the full module: on first use it is created there again from the same options,
   * anchored at a header this node verified (its unwind floor: a few headers to link, not the whole
   * range from the checkpoint), and answers from then on.
   */
  async #full() {
    if (this.#isFull) return this.#inner;
    this.#moving ??= (async () => {
      const glue = await initFull();
      const checkpoint = this.#inner.handoverCheckpoint();
      const inner = await glue.WasmLightNode.create(checkpoint ? { ...this.#options, checkpoint } : this.#options, null, null);
      // The installed filters go along, once the polls the old node is answering have moved their
      // cursors (later ones wait for the move): each change is delivered once, none lost.
      while (this.#filterCalls.size) await Promise.allSettled([...this.#filterCalls]);
      inner.takeFilters(this.#inner.handFilters());
      this.#roundTripsBefore += this.#inner.roundTrips;
      this.#inner = inner;
      this.#isFull = true;
    })().finally(() => {
      this.#moving = undefined;
    });
    await this.#moving;
    return this.#inner;
  }

  /** EIP-1193 `request({method, params})`; `eth_subscribe` (`newHeads`, `logs`) delivers `message` events. */
  async request({ method, params } = {}) {
    const subscribed = this.#subscriptions.handle(method, params ?? []);
    if (subscribed) return subscribed;
    try {
      if (!FILTER_METHODS.has(method)) return await this.#answer(method, params ?? []);
      while (this.#moving) await this.#moving.catch(() => {});
      const call = this.#inner.request({ method, params: params ?? [] });
      this.#filterCalls.add(call);
      return await call.finally(() => this.#filterCalls.delete(call));
    } catch (err) {
      throw toProviderError(err);
    }
  }

  /**
   * The node's answer; what the first module leaves to the full one (a call that reaches a
   * precompile it does not run) is asked again there, after the move.
   */
  async #answer(method, params) {
    try {
      return await this.#inner.request({ method, params });
    } catch (err) {
      if (err?.code !== 'FULL_MODULE_NEEDED') throw err;
      return (await this.#full()).request({ method, params });
    }
  }

  /** This node as an EIP-1193 provider object (for `custom(node.provider)` or `new BrowserProvider(...)`). */
  get provider() {
    return this;
  }

  /**
   * Re-executes block `number` on a witness proven against its parent's state root and checks its
   * gas, receipts, bloom, requests and state root; resolves to a report, rejects with a coded error
   * (`EXECUTION_MISMATCH` names the first field, and transaction, that differs). `onProgress` gets
   * `{round, done, transactions}` after each transaction; an aborted `signal` rejects with `CANCELLED`.
   */
  async verifyBlockExecution(number, { onProgress, signal } = {}) {
    return (await this.#full()).verifyBlockExecution(Number(number), onProgress, signal ?? null);
  }

  /** The verified header at `number` (linked to the checkpoint; fetched and linked when not yet known). */
  async header(number) {
    return this.#inner.header(Number(number));
  }

  /** Links headers to the server's head; resolves to the new head number (progress and cancel as in `create`). */
  async sync({ onProgress, signal } = {}) {
    return this.#inner.sync(onProgress, signal ?? null);
  }

  /**
   * Who signed block `number` on a Metis chain: `{number, hash, verdict: 'signed' | 'recommit' |
   * 'enqueue' | 'notChecked', signer?, epoch?}`, the signer proven from the MetisSequencerSet's
   * storage at the parent block; rejects with `SEQUENCER_INVALID` otherwise.
   */
  async verifySequencer(number) {
    return this.#inner.verifySequencer(Number(number));
  }

  /**
   * Proves block `request.block`'s state root committed on L1 (Metis): `l1` is a LightNode following
   * the L1 chain from its own checkpoint; `request` holds `scc`, `container`, the `batch` header
   * (`{batchIndex, batchRoot, batchSize, prevTotalElements, extraData}`, from `StateBatchAppended`;
   * looked up in the L1 server's logs when absent) and optionally `siblings`. Past the fraud-proof
   * window the block becomes `finalized`.
   */
  async verifyL1Commitment(l1, request) {
    const [inner, l1Inner] = await Promise.all([this.#full(), l1.#full()]);
    return inner.verifyL1Commitment(l1Inner, request);
  }

  /**
   * LazAI, each answer proven at a verified block (`block` optional, default latest):
   * `dat.verifyOwnership({contract, tokenId, owner, balancesSlot?})`,
   * `dat.verifyDataAnchor({registry, fileId, bytes})`,
   * `inference.verifyProof({registry, verifier, fileId, proofIndex})` or `({verifier, proof})`,
   * `idao.verifyProposal({governor, proposalId})`, `idao.verifyVote({governor, proposalId, voter})`.
   */
  get dat() {
    const call = async (op, args) => (await this.#full()).lazai(op, lazaiArgs(args ?? {}));
    return { verifyOwnership: (a) => call('verifyOwnership', a), verifyDataAnchor: (a) => call('verifyDataAnchor', a) };
  }

  get inference() {
    const call = async (op, args) => (await this.#full()).lazai(op, lazaiArgs(args ?? {}));
    return { verifyProof: (a) => call(a?.proof ? 'verifyProofJson' : 'verifyProof', a) };
  }

  get idao() {
    const call = async (op, args) => (await this.#full()).lazai(op, lazaiArgs(args ?? {}));
    return { verifyProposal: (a) => call('verifyProposal', a), verifyVote: (a) => call('verifyVote', a) };
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
    return this.#roundTripsBefore + this.#inner.roundTrips;
  }

  /** What anchors the node's answers. */
  get trustStatus() {
    return this.#inner.trustStatus;
  }

  /**
   * MetisDB: `stats()` (written, bytesWritten, hits, misses, corrupt), `clear()`, and `check()`: every
   * entry re-hashed or re-decoded, and every recorded batch whole.
   */
  get store() {
    const inner = this.#inner;
    return { stats: () => inner.storeStats(), clear: () => inner.clearStore(), check: () => inner.checkStore() };
  }
}

/**
 * A LightNode running in a Web Worker (browsers): the same verified answers, while the page stays
 * responsive. `request` makes it an EIP-1193 provider; long work (`create`'s first sync, `sync`,
 * `verifyBlockExecution`) reports progress and can be cancelled with an AbortSignal.
 */
export class WorkerLightNode extends Emitter {
  #worker;
  #next = 1;
  #pending = new Map();

  /**
   * Starts the worker and creates the node in it with `options` (as for `LightNode.create`,
   * `onProgress` and `signal` included); `workerUrl` replaces the package's worker script.
   */
  static async create({ onProgress, signal, pollingIntervalMs, ...options }, workerUrl) {
    // The literal `new Worker(new URL(...), ...)` form lets bundlers (Vite, webpack) ship the worker.
    const worker = workerUrl ? new Worker(workerUrl, { type: 'module' }) : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const node = new WorkerLightNode(worker, pollingIntervalMs);
    try {
      const created = await node.#observed('create', options, { onProgress, signal });
      node.chainId = created.chainId;
      return node;
    } catch (err) {
      worker.terminate();
      throw err;
    }
  }

  #subscriptions;

  constructor(worker, pollingIntervalMs) {
    super();
    this.#worker = worker;
    const ask = (method, params) => this.request({ method, params });
    this.#subscriptions = new Subscriptions(ask, (event, payload) => this.emit(event, payload), pollingIntervalMs);
    worker.onmessage = ({ data: { id, result, error, progress } }) => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      if (progress) return pending.onProgress?.(progress);
      this.#pending.delete(id);
      if (error) pending.reject(Object.assign(new Error(error.message), error));
      else pending.resolve(result);
    };
    worker.onerror = (event) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`the node's worker failed: ${event.message}`));
      this.#pending.clear();
    };
  }

  #call(op, args) {
    return this.#start(op, args).promise;
  }

  #start(op, args, onProgress) {
    const id = this.#next++;
    const promise = new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, op, args });
    });
    return { id, promise };
  }

  /** Work that reports progress and stops when `signal` aborts. */
  #observed(op, args, { onProgress, signal } = {}) {
    const { id, promise } = this.#start(op, args, onProgress);
    if (signal?.aborted) this.#call('cancel', { id });
    else signal?.addEventListener('abort', () => this.#call('cancel', { id }), { once: true });
    return promise;
  }

  /** EIP-1193 `request({method, params})`, answered in the worker (`eth_subscribe` as on `LightNode`). */
  request({ method, params } = {}) {
    return this.#subscriptions.handle(method, params ?? []) ?? this.#call('request', { method, params });
  }


  /** As `LightNode.sync`, run in the worker. */
  sync(options) {
    return this.#observed('sync', {}, options);
  }

  /** As `LightNode.verifyBlockExecution`, run in the worker. */
  verifyBlockExecution(number, options) {
    return this.#observed('verifyBlockExecution', { number: Number(number) }, options);
  }

  /** As `LightNode.header`, run in the worker. */
  header(number) {
    return this.#call('header', { number: Number(number) });
  }

  /** As `LightNode.verifySequencer`, run in the worker. */
  verifySequencer(number) {
    return this.#call('verifySequencer', { number: Number(number) });
  }

  /**
   * As `LightNode.verifyL1Commitment`, where `l1` is the options of the L1 node (as for `create`):
   * the worker creates that node once and keeps it for later checks.
   */
  verifyL1Commitment(l1, request) {
    return this.#call('verifyL1Commitment', { l1, request });
  }

  #lazai(area, ops) {
    return Object.fromEntries(ops.map((op) => [op, (args) => this.#call('lazai', { area, op, args })]));
  }

  /** As `LightNode.dat`, `.inference` and `.idao`, run in the worker. */
  get dat() {
    return this.#lazai('dat', ['verifyOwnership', 'verifyDataAnchor']);
  }

  get inference() {
    return this.#lazai('inference', ['verifyProof']);
  }

  get idao() {
    return this.#lazai('idao', ['verifyProposal', 'verifyVote']);
  }

  /** `{head, chainId, roundTrips, trustStatus, store}` of the node in the worker. */
  status() {
    return this.#call('status');
  }

  /** MetisDB of the node in the worker: `check()` and `clear()` (Promises). */
  get store() {
    return { check: () => this.#call('storeCheck'), clear: () => this.#call('clearStore') };
  }

  /** Empties MetisDB. */
  clearStore() {
    return this.#call('clearStore');
  }

  /** Stops the worker (and with it any work in progress). */
  terminate() {
    this.#subscriptions.stop();
    this.#worker.terminate();
    for (const pending of this.#pending.values()) pending.reject(Object.assign(new Error('the node was stopped'), { code: 'CANCELLED' }));
    this.#pending.clear();
  }
}
