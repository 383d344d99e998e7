// Metis: an L2 block's state root proven committed on L1. A second node follows L1 from its own
// checkpoint (in the same worker); the StateCommitmentChain's container storage is proven against
// its verified head, and the root's inclusion in the batch checked. Past the fraud-proof window the
// block becomes the node's `finalized`.
import { $, dec } from '../ui.js';
import { act } from '../session.js';

async function verify(event) {
  event.preventDefault();
  await act('l1', 'L1 commitment', async (node) => {
    const block = Number($('l1-block').value);
    const l1 = { chain: $('l1-chain').value, rpc: $('l1-rpc').value.trim(), checkpoint: { number: Number($('l1-cp-number').value), hash: $('l1-cp-hash').value.trim() } };
    const batch = $('l1-batch').value.trim();
    // No batch header given: the node finds it in the L1 server's StateBatchAppended logs.
    const request = { block, scc: $('l1-scc').value.trim(), container: $('l1-container').value.trim(), ...(batch ? { batch: JSON.parse(batch) } : {}) };
    const r = await node.verifyL1Commitment(l1, request);
    return {
      verdict: `The state root of block #${r.block} is committed on L1${r.finalized ? ', and final: the fraud-proof window has passed' : ` (final after the ${r.fraudProofWindow} s fraud-proof window)`}`,
      rows: [
        ['state root', r.stateRoot],
        ['batch', `#${r.batchIndex}, element ${r.elementIndex}; the batch header${batch ? '' : ' (found in the L1 server’s StateBatchAppended logs)'} hashes to the hash the container stores`],
        ['appended', new Date(r.appendedAt * 1000).toISOString()],
        ['fraud-proof window', `${dec(r.fraudProofWindow)} s, read by running the SCC's FRAUD_PROOF_WINDOW() on proven L1 state`],
        ['proven at L1 block', `#${r.l1Block} ${r.l1Hash} (linked to the L1 checkpoint)`],
      ],
    };
  });
}

export function setup(config) {
  const m = config?.metis;
  if (m) {
    $('l1-chain').value = m.l1.chain;
    $('l1-rpc').value = m.l1.rpc;
    $('l1-cp-number').value = m.l1.checkpoint.number;
    $('l1-cp-hash').value = m.l1.checkpoint.hash;
    $('l1-scc').value = m.scc;
    $('l1-container').value = m.container;
    $('l1-block').value = String(m.block);
  }
  $('l1-form').addEventListener('submit', verify);
}
