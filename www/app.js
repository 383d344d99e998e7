// The page: a node in a Web Worker checks every answer of an untrusted RPC server against a
// checkpoint, and each view shows what was proven, and how, or why it was refused.
import { $ } from './ui.js';
import { connect, setLying } from './session.js';
import * as trust from './views/trust.js';
import * as account from './views/account.js';
import * as block from './views/block.js';
import * as lazai from './views/lazai.js';
import * as store from './views/store.js';
import * as l1 from './views/l1.js';

const PRESETS = ['devnet', 'metis-devnet', 'andromeda', 'metis-sepolia', 'hyperion', 'lazai', 'lazai-mainnet', 'ethereum', 'hive'];

/** Fills the chain form from a demo chain's config (and the views' defaults for it), then connects. */
function pick(chain) {
  $('chain').value = chain.chain;
  $('rpc').value = chain.rpc;
  $('cp-number').value = chain.checkpoint?.number ?? '';
  $('cp-hash').value = chain.checkpoint?.hash ?? '';
  $('beacon-api').value = chain.beacon?.api ?? '';
  $('beacon-root').value = chain.beacon?.checkpoint ?? '';
  beaconClock = chain.beacon?.now;
  maxSync = chain.maxSync;
  for (const [id, value] of Object.entries(chain.defaults ?? {})) $(id).value = value;
  return connectForm();
}

/** The clock of recorded beacon data (the demo's mainnet recording); the system clock otherwise. */
let beaconClock;
/** How far back a demo chain's recording reaches. */
let maxSync;

function connectForm(event) {
  event?.preventDefault();
  const api = $('beacon-api').value.trim();
  // With a beacon API, the sync committee anchors the node: no execution checkpoint is needed.
  const beacon = api ? { api, checkpoint: $('beacon-root').value.trim(), ...(beaconClock ? { now: beaconClock } : {}) } : undefined;
  const checkpoint = beacon ? undefined : { number: Number($('cp-number').value), hash: $('cp-hash').value.trim() };
  return connect({ chain: $('chain').value, rpc: $('rpc').value.trim(), checkpoint, beacon, ...(maxSync ? { maxSync } : {}) });
}

async function main() {
  for (const name of PRESETS) $('chain').append(new Option(name, name));
  const config = await fetch('/devnet.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  for (const view of [trust, account, block, l1, lazai, store]) view.setup(config);
  if (config?.metis) {
    const m = config.metis;
    // On the Metis devnet the account view opens on MetisSequencerSet's currentEpochId (slot 104).
    const metis = { ...m, defaults: { address: m.sequencerSet, slot: '104', 'account-block': '', 'block-number': String(m.block) } };
    const devnet = { ...config, defaults: { address: config.seed.contract, slot: '0', 'account-block': '', 'block-number': $('block-number').value } };
    $('pick-devnet').addEventListener('click', () => pick(devnet));
    $('pick-metis').addEventListener('click', () => pick(metis));
    if (config.ethereum) $('pick-ethereum').addEventListener('click', () => pick(config.ethereum));
    $('picks').hidden = false;
  }
  $('connect').addEventListener('submit', connectForm);
  $('lying').addEventListener('change', () => setLying($('lying').checked));
  document.body.dataset.lying = 'off';
  if (config) await pick(config);
  window.ready = true;
}

main().catch((err) => {
  $('trust').textContent = `The page failed to start: ${err.message}`;
  window.ready = true;
});
