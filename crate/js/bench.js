// Bench and test helpers, a separate entry (`metis-lightnode/bench`) so a wallet's imports neither
// see nor bundle them. The default export is the package's `init()`: they run on the module it loads.
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
} from './metis_lightnode.js';
export { default } from './index.js';
