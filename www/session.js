// The page's one node (a WorkerLightNode: the node runs in a Web Worker, so the page never freezes),
// the lying-RPC switch, and `act`: how every view runs a check and shows what it proved or refused.
import { WorkerLightNode, announceProvider } from '/pkg/index.js';
import { $, log, pending, refusal, show, withProgress } from './ui.js';

const liarId = crypto.randomUUID();
const liar = new BroadcastChannel(`metis-lightnode-liar-${liarId}`);

export const session = { node: null, config: null, lying: false, listeners: [] };

/** Calls `listener` after every connect and every check (to refresh the trust and MetisDB views). */
export function onChange(listener) {
  session.listeners.push(listener);
}

const changed = () => Promise.all(session.listeners.map((l) => l(session.node).catch(() => {})));

/** Routes the node's RPC through the liar (or back); resolves once the worker has switched. */
export function setLying(on) {
  session.lying = on;
  document.body.dataset.lying = 'switching';
  if (!session.node) {
    document.body.dataset.lying = on ? 'on' : 'off';
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    liar.onmessage = ({ data }) => {
      if (data.ack !== on) return;
      document.body.dataset.lying = on ? 'on' : 'off';
      resolve();
    };
    liar.postMessage({ lying: on });
  });
}

/** (Re)connects: a new node in a new worker, anchored at `checkpoint`, MetisDB on IndexedDB. */
export async function connect({ chain, rpc, checkpoint, beacon, maxSync }) {
  session.node?.terminate();
  session.node = null;
  pending('trust', 'Linking headers from the checkpoint…');
  const worker = new URL(`/www/worker.js?liar=${liarId}&lying=${session.lying ? 1 : 0}`, location.href);
  try {
    session.node = await withProgress($('connect-progress'), 'Connecting…', (signal, progress) =>
      WorkerLightNode.create(
        {
          chain, rpc, checkpoint, beacon, maxSync, store: 'indexeddb', signal,
          onProgress: (p) => progress(p.linked - p.from, p.target - p.from, `Linked headers #${p.from}..#${p.linked} of #${p.target}`),
        },
        worker,
      ),
    );
    // Dapps on this page find the verifying provider the standard way (EIP-6963).
    session.stopAnnouncing?.();
    session.stopAnnouncing = announceProvider(session.node);
    const status = await session.node.status();
    const anchor = beacon ? `the sync committee (beacon root ${beacon.checkpoint.slice(0, 10)}…)` : `checkpoint #${Number(checkpoint.number)}`;
    log(true, `connected: head #${status.head.number} anchored by ${anchor} (${status.roundTrips} RPC round trips)`);
  } catch (err) {
    show('trust', { ok: false, verdict: refusal(err) });
    log(false, `connect: ${refusal(err)}`);
  }
  await changed();
}

const roundTrips = async () => (await session.node.status()).roundTrips;

/**
 * Runs `check(node)` for panel `id` and shows its `{verdict, rows, details}`, or the refusal; the
 * note says how many RPC round trips it took (none: MetisDB and the verified chain answered).
 */
export async function act(id, what, check) {
  if (!session.node) {
    show(id, { ok: false, verdict: 'Connect first: every answer is checked against the verified chain.' });
    return;
  }
  pending(id, `Checking ${what}…`);
  const before = await roundTrips();
  try {
    const result = await check(session.node);
    const trips = (await roundTrips()) - before;
    const source = trips === 0 ? 'No RPC round trip: answered from MetisDB and the verified chain.' : `${trips} RPC round trip${trips > 1 ? 's' : ''}.`;
    show(id, { ok: true, ...result, note: source });
    log(true, `${what}: ${result.verdict} (${source})`);
  } catch (err) {
    show(id, { ok: false, verdict: refusal(err) });
    log(false, `${what}: ${refusal(err)}`);
  }
  await changed();
}

/** The verified head number (what views default to). */
export async function headNumber() {
  return (await session.node.status()).head.number;
}
