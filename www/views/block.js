// A block's checks: its hash on the verified chain, its transactions and receipts against the
// header's roots, the sequencer's signature on Metis chains, and, on request, re-execution in
// MetisVM on a witness proven against the parent's state root (with progress and cancel).
import { $, dec, hex, log, pending, refusal, show, withProgress } from '../ui.js';
import { act, headNumber, session } from '../session.js';

const blockNumber = async () => ($('block-number').value === '' ? headNumber() : Number($('block-number').value));

function sequencerRow(report) {
  switch (report.verdict) {
    case 'signed':
      return `signed by ${report.signer}, the signer of epoch ${report.epoch} (proven from MetisSequencerSet storage)`;
    case 'recommit':
      return `a recommitEpoch block, signed by the signer it names (${report.signer})`;
    case 'enqueue':
      return 'an L1-to-L2 (enqueued) transaction: unsigned, as l2geth commits it';
    default:
      return 'not checked before the preset’s first checked block';
  }
}

async function check(event) {
  event.preventDefault();
  await act('block', 'block', async (node) => {
    const number = await blockNumber();
    const tag = hex(number);
    const [block, receipts, { trustStatus }] = await Promise.all([
      node.request({ method: 'eth_getBlockByNumber', params: [tag, true] }),
      node.request({ method: 'eth_getBlockReceipts', params: [tag] }),
      node.status(),
    ]);
    const rows = [
      ['hash', `${block.hash} (linked to the checkpoint)`],
      ['parent', block.parentHash],
      ['transactions', `${block.transactions.length} re-encoded; transactionsRoot ${block.transactionsRoot} matches`],
      ['receipts', `${receipts.length} re-encoded; receiptsRoot ${block.receiptsRoot} matches`],
      ['gas used', `${dec(block.gasUsed)} of ${dec(block.gasLimit)}`],
      ['state root', block.stateRoot],
      ['time', new Date(Number(block.timestamp) * 1000).toISOString()],
    ];
    if (block.withdrawals) rows.push(['withdrawals', `${block.withdrawals.length}; withdrawalsRoot matches`]);
    if (trustStatus.trustModel?.kind === 'sequencer') rows.push(['sequencer', sequencerRow(await node.verifySequencer(number))]);
    return { verdict: `Block #${number}: body and receipts match its verified header`, rows };
  });
}

async function execute() {
  if (!session.node) return show('execution', { ok: false, verdict: 'Connect first.' });
  pending('execution', 'Re-executing…');
  const number = await blockNumber();
  try {
    const report = await withProgress($('execution-progress'), `Re-executing block #${number}…`, (signal, progress) =>
      session.node.verifyBlockExecution(number, {
        signal,
        onProgress: (p) => progress(p.done, p.transactions, `Witness round ${p.round}: ${p.done} of ${p.transactions} transactions`),
      }),
    );
    show('execution', {
      ok: true,
      verdict: `Block #${number} re-executed in MetisVM: every result matches its header`,
      rows: [
        ['transactions', String(report.transactions)],
        ['gas used', `${report.gasUsed}, as the header says`],
        ['state root', `${report.stateRoot}, computed from the proven pre-state`],
        ['receipts root', `${report.receiptsRoot}, computed from the execution`],
        ['witness', `${report.accountsProven} accounts and ${report.slotsProven} slots proven against block #${number - 1}'s state root in ${report.witnessRounds} round(s)${report.prestateHint ? ', seeded by the server’s prestate trace (a hint only)' : ''}`],
      ],
    });
    log(true, `block #${number} re-executed: state root ${report.stateRoot} matches`);
  } catch (err) {
    show('execution', { ok: false, verdict: refusal(err) });
    log(false, `re-execute #${number}: ${refusal(err)}`);
  }
}

export function setup(config) {
  // A block that re-executes on the demo chain (anvil's block 1 cannot: its genesis claims an empty state root).
  const featured = config?.lazai?.forVoteBlock ?? config?.seed?.blockNumber;
  if (featured != null) $('block-number').value = String(Number(featured));
  $('block-form').addEventListener('submit', check);
  $('execute').addEventListener('click', execute);
}
