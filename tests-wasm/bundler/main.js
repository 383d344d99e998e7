// A small app built by Vite against the npm package (pkg/), as a wallet's bundler would build it:
// the wasm is fetched by the bundled URL, the verifiers run, and their verdicts are shown.
import init, { blockHash, verifyMptProof, LightNode, WorkerLightNode } from 'metis-lightnode';
import block from '../../../shared/fixtures/helios/rpc_block.json';

async function main() {
  await init();
  const hash = blockHash(block);
  let refused = null;
  try {
    blockHash({ ...block, gasUsed: '0x1' });
    verifyMptProof(block.stateRoot, '0x00', []);
  } catch (err) {
    refused = err.code;
  }
  window.result = { hash, expected: block.hash, refused, classes: [typeof LightNode, typeof WorkerLightNode] };
  document.getElementById('out').textContent = hash === block.hash ? `block ${Number(block.number)} verified` : 'hash mismatch';
}

main().catch((err) => {
  window.result = { error: String(err) };
});
