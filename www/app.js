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

const PRESETS = ['devnet', 'metis-devnet', 'andromeda', 'metis-sepolia', 'hyperion', 'lazai', 'ethereum', 'hive'];

/** Fills the chain form from a demo chain's config (and the views' defaults for it), then connects. */
function pick(chain) {
  $('chain').value = chain.chain;
  $('rpc').value = chain.rpc;
  $('cp-number').value = chain.checkpoint.number;
  $('cp-hash').value = chain.checkpoint.hash;
  for (const [id, value] of Object.entries(chain.defaults ?? {})) $(id).value = value;
  return connectForm();
}

function connectForm(event) {
  event?.preventDefault();
  return connect({ chain: $('chain').value, rpc: $('rpc').value.trim(), checkpoint: { number: Number($('cp-number').value), hash: $('cp-hash').value.trim() } });
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
