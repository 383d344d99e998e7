// MetisDB: what the node keeps (proof nodes, code, headers, receipts), how much room it takes, and a
// consistency check (every entry re-hashed, every batch whole); Clear empties it.
import { $, log, pending, refusal, show } from '../ui.js';
import { onChange, session } from '../session.js';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function render(node, check) {
  if (!node) return;
  const { store: s } = await node.status();
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  const rows = [
    ['written this session', `${s.written} entries, ${kb(s.bytesWritten)}`],
    ['answered from MetisDB', `${s.hits} reads (${s.misses} not there)`],
    ['evicted at the quota', `${s.evicted} entries (${s.unstored} batches left uncached)`],
    ['corrupt entries dropped', String(s.corrupt)],
  ];
  if (check) rows.unshift(['held', `${check.content} proof nodes and code, ${check.headers} headers, ${check.batches} batches: ${kb(check.bytes)}`], ['check', `${check.corrupt} corrupt entries, ${check.partialBatches} partial batches`]);
  if (estimate?.quota) rows.push(['browser storage', `${kb(estimate.usage)} used of ${kb(estimate.quota)} for this site`]);
  show('store', { ok: !check || (check.corrupt === 0 && check.partialBatches === 0), verdict: check ? 'MetisDB checked: every entry re-hashed' : 'MetisDB on IndexedDB: proven data, kept across reloads', rows });
}

async function checkNow() {
  if (!session.node) return;
  pending('store', 'Checking every entry…');
  try {
    const result = await session.node.store.check();
    await render(session.node, result);
    log(true, `MetisDB: ${result.content + result.headers} entries re-hashed, ${result.corrupt} corrupt`);
  } catch (err) {
    show('store', { ok: false, verdict: refusal(err) });
  }
}

async function clear() {
  if (!session.node) return;
  await session.node.store.clear();
  log(true, 'MetisDB cleared: the next answers are fetched and proven again');
  await render(session.node);
}

export function setup() {
  $('store-check').addEventListener('click', checkNow);
  $('store-clear').addEventListener('click', clear);
  onChange((node) => render(node));
}
