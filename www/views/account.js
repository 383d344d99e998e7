// An account at a verified block: balance, nonce, code and one storage slot, each with the proof
// behind it (the node checks every proof node against the block's state root before answering).
import { $, dec, ether, hex, proofLines } from '../ui.js';
import { act, headNumber } from '../session.js';

async function prove(event) {
  event.preventDefault();
  const address = $('address').value.trim();
  await act('account', `account ${address.slice(0, 10)}…`, async (node) => {
    const slot = `0x${BigInt($('slot').value || '0').toString(16).padStart(64, '0')}`;
    const number = $('account-block').value === '' ? await headNumber() : Number($('account-block').value);
    const block = hex(number);
    const [proof, code, header] = await Promise.all([
      node.request({ method: 'eth_getProof', params: [address, [slot], block] }),
      node.request({ method: 'eth_getCode', params: [address, block] }),
      node.header(number),
    ]);
    const storage = proof.storageProof[0];
    return {
      verdict: `Proven at block #${number} against its state root`,
      rows: [
        ['balance', `${ether(proof.balance)} ETH (${dec(proof.balance)} wei)`],
        ['nonce', dec(proof.nonce)],
        ['code', code === '0x' ? 'none' : `${(code.length - 2) / 2} bytes; keccak256 equals the proven codeHash`],
        ['code hash', proof.codeHash],
        ['storage root', proof.storageHash],
        [`slot ${hex(slot)}`, storage.value],
        ['state root', `${header.stateRoot} of block #${number}`],
        ['block hash', `${header.hash} (linked to the checkpoint)`],
      ],
      details: [
        [`Account proof: ${proof.accountProof.length} nodes, from the state root to keccak256(address)`, proofLines(proof.accountProof)],
        [`Storage proof: ${storage.proof.length} nodes, from the storage root to keccak256(slot)`, proofLines(storage.proof)],
      ],
    };
  });
}

export function setup(config) {
  if (config?.seed?.contract) $('address').value = config.seed.contract;
  $('account-form').addEventListener('submit', prove);
}
