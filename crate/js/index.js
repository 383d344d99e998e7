// Entry of the npm package: the wasm-bindgen module plus an `init()` that also works in Node
// (where `fetch` cannot read the .wasm file beside this one).
import wbgInit from './metis_lightnode.js';

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
