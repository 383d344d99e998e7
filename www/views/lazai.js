// LazAI: DAT ownership, a data file checked against its on-chain anchor (dropped here, hashed in
// the node), a compute node's inference proof, and iDAO tallies and votes, each proven at a block.
import { $, dec } from '../ui.js';
import { act } from '../session.js';

const value = (id) => $(id).value.trim();

function ownershipRows(o) {
  if (o.flavour === 'erc8028') {
    return [
      ['owns', o.owns ? 'yes' : 'no'], ['class', dec(o.classId)], ['value', dec(o.value)], ['share ratio', dec(o.shareRatio)],
      ['expires', new Date(o.expireAt * 1000).toISOString()], ['integrity hash', o.integrityHash], ['metadata', o.metadataUri],
    ];
  }
  return [
    ['balance', dec(o.balance)], ['file', o.fileUrl], ['marked verified', o.verified ? 'yes' : 'no'],
    ['how', o.storageProof ? 'balanceOf run in MetisVM on proven state, and the same balance read from a storage proof' : 'balanceOf run in MetisVM on proven state (no storage layout known to cross-check)'],
    ['proxy', o.implementation ? `ERC-1967 proxy running ${o.implementation} (proven from its storage)` : 'not an ERC-1967 proxy'],
  ];
}

const at = (r) => ['proven at', `block #${r.block} ${r.blockHash}`];

async function ownership(event) {
  event.preventDefault();
  await act('dat', 'DAT ownership', async (node) => {
    const query = { contract: value('dat-contract'), tokenId: BigInt(value('dat-token')), owner: value('dat-owner') };
    const o = await node.dat.verifyOwnership(query);
    const holds = o.flavour === 'erc8028' ? o.owns : BigInt(o.balance) > 0n;
    return { verdict: `${query.owner} ${holds ? 'holds' : 'does not hold'} token #${query.tokenId} (${o.flavour})`, rows: [...ownershipRows(o), at(o)] };
  });
}

let dropped = null;

function takeFile(file) {
  if (!file) return;
  file.arrayBuffer().then((buffer) => {
    dropped = { name: file.name, bytes: new Uint8Array(buffer) };
    $('drop-name').textContent = `${file.name}, ${buffer.byteLength} bytes`;
  });
}

async function anchor(event) {
  event.preventDefault();
  if (!dropped) {
    $('drop-name').textContent = 'Drop a file (or choose one) first.';
    return;
  }
  await act('anchor', 'data anchor', async (node) => {
    const query = { registry: value('anchor-registry'), fileId: BigInt(value('anchor-file')), bytes: dropped.bytes };
    const a = await node.dat.verifyDataAnchor(query);
    return {
      verdict: `${dropped.name} is the file anchored as #${query.fileId}`,
      rows: [['anchored hash', `${a.hash} (${a.hashFunction} of the bytes you gave)`], ['as stored', a.anchoredText], ['owner', a.owner], ['url', a.url], at(a)],
    };
  });
}

async function inference(event) {
  event.preventDefault();
  await act('inference', 'inference proof', async (node) => {
    const query = { registry: value('inf-registry'), verifier: value('inf-verifier'), fileId: BigInt(value('inf-file')), proofIndex: BigInt(value('inf-index')) };
    if (value('inf-block')) query.block = Number(value('inf-block'));
    const p = await node.inference.verifyProof(query);
    return {
      verdict: `Signed by ${p.signer}, a node of VerifiedComputing at block #${p.block}: valid by LazAI's rule`,
      rows: [
        ['score', dec(p.score)], ['file', p.fileUrl], ['proof', p.proofUrl],
        ['signer when added', p.nodeWhenAdded ? 'a node' : 'not a node then'],
        ['added', `block #${dec(p.addedInBlock)}, transaction ${p.addedInTransaction} (its ProofAdded log proven through the receipts root)`], at(p),
      ],
    };
  });
}

async function proposal(event) {
  event.preventDefault();
  await act('idao', 'iDAO proposal', async (node) => {
    const governor = value('idao-governor');
    const proposalId = BigInt(value('idao-proposal'));
    const voter = value('idao-voter');
    const [t, v] = await Promise.all([
      node.idao.verifyProposal({ governor, proposalId }),
      voter ? node.idao.verifyVote({ governor, proposalId, voter }) : null,
    ]);
    const rows = [
      ['state', t.state], ['for', dec(t.for)], ['against', dec(t.against)], ['abstain', dec(t.abstain)],
      ['quorum', dec(t.quorum)], ['voting', `blocks ${dec(t.snapshot)}..${dec(t.deadline)}`], at(t),
    ];
    if (v) {
      rows.push(['voter', v.voter], ['voted', v.hasVoted ? `${v.vote?.support} with weight ${dec(v.vote?.weight ?? v.weightAtSnapshot)}${v.vote?.reason ? `: “${v.vote.reason}”` : ''}` : 'no']);
      if (v.vote) rows.push(['vote cast', `block #${dec(v.vote.block)}, transaction ${v.vote.transaction} (VoteCast log proven through the receipts root)`]);
    }
    return { verdict: `Tally proven from the governor's storage: ${dec(t.for)} for, ${dec(t.against)} against`, rows };
  });
}

export function setup(config) {
  const l = config?.lazai;
  const fill = (id, v) => { if (v != null) $(id).value = String(v); };
  fill('dat-contract', l?.dat); fill('dat-owner', l?.holder);
  fill('anchor-registry', l?.registry); fill('inf-registry', l?.registry); fill('inf-verifier', l?.verifier);
  fill('idao-governor', l?.governor); fill('idao-proposal', l?.proposalId ? BigInt(l.proposalId) : null); fill('idao-voter', l?.voter);
  if (l?.fileText) {
    const link = $('anchor-sample');
    link.href = URL.createObjectURL(new Blob([l.fileText], { type: 'text/plain' }));
    link.hidden = false;
  }
  const zone = $('drop');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); takeFile(e.dataTransfer.files[0]); });
  $('anchor-input').addEventListener('change', (e) => takeFile(e.target.files[0]));
  $('dat-form').addEventListener('submit', ownership);
  $('anchor-form').addEventListener('submit', anchor);
  $('inference-form').addEventListener('submit', inference);
  $('idao-form').addEventListener('submit', proposal);
}
