// The verified head and what anchors it; "Sync" links the headers the server has added since.
import { $, log, refusal, show, withProgress } from '../ui.js';
import { onChange, session } from '../session.js';

function describeTrust(model) {
  if (model?.kind === 'sequencer') return `checkpoint, and each block's sequencer signature proven from MetisSequencerSet at ${model.sequencer_set ?? model.sequencerSet}`;
  if (model?.kind === 'checkpoint') return 'checkpoint only: the chain’s consensus is not checked here';
  return JSON.stringify(model);
}

/** The rows of a node anchored by Ethereum's sync committee. */
function beaconRows(t) {
  const b = t.beacon;
  const block = (e) => (e ? `execution block #${e.number} ${e.hash} (beacon slot ${e.slot})` : 'none yet');
  return [
    ['sync committee', `period ${b.period} on ${b.network}${b.nextCommitteeKnown ? ', next committee known' : ''}`],
    ['participation', `${b.participation.signed} of ${b.participation.of} members signed the newest update`],
    ['latest rests on', block(b.optimistic)],
    ['finalized', block(b.finalized)],
    ['tags', Object.entries(t.tags).map(([k, v]) => `${k}: ${v}`).join('; ')],
  ];
}

export async function render(node) {
  if (!node) return;
  const { head, trustStatus: t, roundTrips } = await node.status();
  if (t.trustModel === 'beacon') {
    show('trust', {
      ok: true,
      verdict: `Verified head #${head.number}, signed by Ethereum's sync committee`,
      rows: [
        ['chain', `${t.chain} (chain id ${t.chainId})`],
        ['head hash', head.hash],
        ...beaconRows(t),
        ['verified range', `#${t.verifiedRange[0]}..#${t.verifiedRange[1]}`],
        ['how', t.anchoredBy],
        ['not checked', t.notChecked],
        ['RPC round trips', String(roundTrips)],
      ],
    });
    return;
  }
  show('trust', {
    ok: true,
    verdict: `Verified head #${head.number}`,
    rows: [
      ['chain', `${t.chain} (chain id ${t.chainId})`],
      ['head hash', head.hash],
      ['anchored to', `checkpoint #${Number(t.checkpoint.number)} ${t.checkpoint.hash}`],
      ['verified range', `#${t.verifiedRange[0]}..#${t.verifiedRange[1]}`],
      ['how', t.anchoredBy],
      ['trust model', describeTrust(t.trustModel)],
      ['fork rules', t.forkRules],
      ['final by L1', t.finalizedByL1 == null ? 'no block proven committed on L1 yet' : `#${t.finalizedByL1}`],
      ['not checked', t.notChecked],
      ['RPC round trips', String(roundTrips)],
    ],
  });
}

async function sync() {
  if (!session.node) return;
  try {
    const head = await withProgress($('sync-progress'), 'Syncing…', (signal, progress) =>
      session.node.sync({ signal, onProgress: (p) => progress(p.linked - p.from, p.target - p.from, `Linked headers to #${p.linked} of #${p.target}`) }),
    );
    log(true, `synced: head #${head}`);
    await render(session.node);
  } catch (err) {
    show('trust', { ok: false, verdict: refusal(err) });
    log(false, `sync: ${refusal(err)}`);
  }
}

export function setup() {
  $('sync').addEventListener('click', sync);
  onChange(render);
}
