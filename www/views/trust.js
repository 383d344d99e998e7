// The verified head and what anchors it; "Sync" links the headers the server has added since.
import { $, log, refusal, show, withProgress } from '../ui.js';
import { onChange, session } from '../session.js';

function describeTrust(model) {
  if (model?.kind === 'sequencer') return `checkpoint, and each block's sequencer signature proven from MetisSequencerSet at ${model.sequencer_set ?? model.sequencerSet}`;
  if (model?.kind === 'checkpoint') return 'checkpoint only: the chain’s consensus is not checked here';
  return JSON.stringify(model);
}

export async function render(node) {
  if (!node) return;
  const { head, trustStatus: t, roundTrips } = await node.status();
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
