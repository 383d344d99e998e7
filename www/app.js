// The page: a node in a Web Worker checks every answer of an untrusted RPC server against a
// checkpoint, and each view shows what was proven, and how, or why it was refused.
import { $ } from './ui.js';
import { connect, setLying } from './session.js';
import * as trust from './views/trust.js';
import * as account from './views/account.js';
import * as block from './views/block.js';
import * as lazai from './views/lazai.js';
import * as store from './views/store.js';

const PRESETS = ['devnet', 'metis-devnet', 'andromeda', 'metis-sepolia', 'hyperion', 'lazai', 'ethereum', 'hive'];

function connectForm(event) {
  event?.preventDefault();
  return connect({ chain: $('chain').value, rpc: $('rpc').value.trim(), checkpoint: { number: Number($('cp-number').value), hash: $('cp-hash').value.trim() } });
}

async function main() {
  for (const name of PRESETS) $('chain').append(new Option(name, name));
  const config = await fetch('/devnet.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (config) {
    $('chain').value = config.chain;
    $('rpc').value = config.rpc;
    $('cp-number').value = config.checkpoint.number;
    $('cp-hash').value = config.checkpoint.hash;
  }
  for (const view of [trust, account, block, lazai, store]) view.setup(config);
  $('connect').addEventListener('submit', connectForm);
  $('lying').addEventListener('change', () => setLying($('lying').checked));
  document.body.dataset.lying = 'off';
  if (config) await connectForm();
  window.ready = true;
}

main().catch((err) => {
  $('trust').textContent = `The page failed to start: ${err.message}`;
  window.ready = true;
});
