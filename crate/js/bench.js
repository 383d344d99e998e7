// Bench and test helpers, a separate entry (`metis-lightnode/bench`) so a wallet's imports neither
// see nor bundle them. They live in the full module: the default export loads it (after the first).
import init, { initFull } from './index.js';

export {
  benchVerifyProofs,
  benchVerifyHeaders,
  benchAccountProofs,
  benchHash,
  benchEvm,
  benchStore,
  fillStore,
  HiveBench,
  BeaconBench,
} from './metis_lightnode_full.js';

export default async function initBench(input, fullInput) {
  await init(input, fullInput);
  return initFull();
}
