// LazAI verified, through the npm package against anvil seeded with LazAI's own contracts behind
// their ERC1967 proxies: DAT ownership (ERC-1155 by its view functions and by a storage proof at
// OpenZeppelin v5's namespaced layout that must agree; ERC-8028 class tokens), a file's bytes against
// its anchored hash text, inference proofs by LazAI's rule (signed by a node of VerifiedComputing at
// the block) with their ProofAdded log proven, iDAO tallies and votes with VoteCast proven. Each
// check refuses: a stranger's proof, a removed node's after its removal, a proof for another file, a
// replayed signature, a proof for other data, a vote log from another block, a DAT balance from a
// lying RPC, a file one bit off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256 } from 'viem';
import { LightNode } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';
import { FILE_BYTES, attest, seedLazai, sha256Hex } from '../harness/lazai.mjs';
import { flipHex, startLiar } from '../harness/liar.mjs';

let anvil;
let liar;
let seed;
let checkpoint;

before(async () => {
  anvil = await startAnvil();
  seed = await seedLazai(anvil.url);
  liar = await startLiar(anvil.url);
  checkpoint = { number: 0, hash: (await anvil.rpc('eth_getBlockByNumber', ['0x0', false])).hash };
});

after(async () => {
  await liar?.close();
  await anvil?.stop();
});

const node = (rpc = anvil.url) => LightNode.create({ chain: 'devnet', rpc, checkpoint, timeoutMs: 10_000 });
const ZERO_SLOT = `0x${'00'.repeat(32)}`;

test('DAT ownership is proven through the proxy: balanceOf in MetisVM and the namespaced storage slot agree; ERC-8028 class tokens', async () => {
  const n = await node();
  // DAT #1 was minted by the registry's requestReward: the proof's score, the file's URL, verified.
  const one = await n.dat.verifyOwnership({ contract: seed.dat, tokenId: 1, owner: seed.holder });
  assert.deepEqual([one.flavour, BigInt(one.balance), one.fileUrl, one.verified, one.storageProof], ['erc1155', 42n, 'ipfs://file-1', true, true]);
  assert.equal(one.implementation.toLowerCase(), seed.datImplementation.toLowerCase(), 'the proxy names its implementation');
  const two = await n.dat.verifyOwnership({ contract: seed.dat, tokenId: 2n, owner: seed.holder });
  assert.deepEqual([BigInt(two.balance), two.fileUrl, two.verified, two.storageProof], [7n, 'ipfs://file-3', false, true]);
  // A zero at the assumed slot says nothing about the layout: no storage proof is claimed.
  const none = await n.dat.verifyOwnership({ contract: seed.dat, tokenId: 1, owner: seed.dev });
  assert.deepEqual([BigInt(none.balance), none.storageProof], [0n, false]);
  // A layout the caller names must hold: balances are not at slot 0 of an upgradeable contract.
  await assert.rejects(n.dat.verifyOwnership({ contract: seed.dat, tokenId: 1, owner: seed.holder, balancesSlot: ZERO_SLOT }), { code: 'CLAIM_MISMATCH' });
  const cls = await n.dat.verifyOwnership({ contract: seed.classDat, tokenId: 1, owner: seed.holder });
  assert.equal(cls.flavour, 'erc8028');
  assert.deepEqual([cls.owns, BigInt(cls.classId), BigInt(cls.value), BigInt(cls.shareRatio), cls.integrityHash, cls.metadataUri], [true, 1n, 1000n, 2500n, keccak256(FILE_BYTES), 'ipfs://class-1']);
  assert.equal((await n.dat.verifyOwnership({ contract: seed.classDat, tokenId: 1, owner: seed.dev })).owns, false);
});

test("a file's bytes are checked against its anchored hash text in LazAI's spellings; one flipped bit is refused", async () => {
  const n = await node();
  const bySha = await n.dat.verifyDataAnchor({ registry: seed.registry, fileId: 1, bytes: FILE_BYTES });
  assert.deepEqual([bySha.hashFunction, bySha.anchoredText, bySha.url, bySha.owner.toLowerCase()], ['sha256', sha256Hex(FILE_BYTES), 'ipfs://file-1', seed.holder.toLowerCase()]);
  const byKeccak = await n.dat.verifyDataAnchor({ registry: seed.registry, fileId: 2, bytes: FILE_BYTES });
  assert.deepEqual([byKeccak.hashFunction, byKeccak.hash], ['keccak256', keccak256(FILE_BYTES)]);
  const flipped = FILE_BYTES.slice();
  flipped[7] ^= 1;
  await assert.rejects(n.dat.verifyDataAnchor({ registry: seed.registry, fileId: 1, bytes: flipped }), { code: 'CLAIM_MISMATCH' });
  await assert.rejects(n.dat.verifyDataAnchor({ registry: seed.registry, fileId: 9, bytes: FILE_BYTES }), { code: 'CLAIM_MISMATCH' }, 'no such file');
});

test("inference proofs follow LazAI's rule: valid while the signer is a node, for this file, with ProofAdded proven", async () => {
  const n = await node();
  const args = (fileId, proofIndex, block) => ({ registry: seed.registry, verifier: seed.verifier, fileId, proofIndex, ...(block ? { block } : {}) });
  const refused = (pattern) => (e) => e.code === 'CLAIM_MISMATCH' && pattern.test(e.message);
  const ok = await n.inference.verifyProof(args(1, 1));
  assert.deepEqual([BigInt(ok.score), ok.signer.toLowerCase(), ok.nodeWhenAdded, Number(ok.addedInBlock)], [42n, seed.node.toLowerCase(), true, seed.proofBlocks[0]]);
  await assert.rejects(n.inference.verifyProof(args(1, 2)), refused(/not a registered node .*never registered/), "a stranger's proof");
  // The removed node's proof: valid up to its removal, refused from then on.
  await assert.rejects(n.inference.verifyProof(args(1, 3)), refused(/not a registered node .*removed/), 'after the removal');
  await assert.rejects(n.inference.verifyProof(args(1, 3, seed.removedBlock)), refused(/removed/), 'at the removal block');
  const before = await n.inference.verifyProof(args(1, 3, seed.removedBlock - 1));
  assert.deepEqual([Number(before.block), before.nodeWhenAdded, Number(before.addedInBlock)], [seed.removedBlock - 1, true, seed.proofBlocks[2]]);
  // File 2 holds file 1's proof as is, and its signature under file 2's data.
  await assert.rejects(n.inference.verifyProof(args(2, 1)), refused(/attests file 1/), 'a proof for another file');
  await assert.rejects(n.inference.verifyProof(args(2, 2)), refused(/not a registered node/), 'a replayed signature');
  await assert.rejects(n.inference.verifyProof(args(1, 9)), refused(/no such proof/), 'a proof index past the last');
  const signature = await attest(seed.nodeKey, seed.proofData);
  const json = await n.inference.verifyProof({ verifier: seed.verifier, proof: { signature, data: seed.proofData } });
  assert.equal(json.isNode, true);
  const otherData = { ...seed.proofData, score: 43n };
  await assert.rejects(n.inference.verifyProof({ verifier: seed.verifier, proof: { signature, data: otherData } }), { code: 'CLAIM_MISMATCH' }, 'a proof for other data');
});

test('iDAO tallies and votes are proven, VoteCast logs through the receipts root', async () => {
  const n = await node();
  const p = await n.idao.verifyProposal({ governor: seed.governor, proposalId: seed.proposalId });
  assert.equal(p.state, 'active');
  assert.equal(BigInt(p.against), 10n ** 23n);
  assert.equal(BigInt(p.for), 10n ** 24n - 10n ** 23n);
  assert.equal(BigInt(p.quorum), (10n ** 24n * 4n) / 100n);
  const mine = await n.idao.verifyVote({ governor: seed.governor, proposalId: seed.proposalId, voter: seed.dev });
  assert.deepEqual([mine.hasVoted, mine.vote.support, Number(mine.vote.block)], [true, 'for', seed.forVoteBlock]);
  const theirs = await n.idao.verifyVote({ governor: seed.governor, proposalId: seed.proposalId, voter: seed.voter });
  assert.deepEqual([theirs.vote.support, theirs.vote.reason, BigInt(theirs.weightAtSnapshot)], ['against', 'not this quarter', 10n ** 23n]);
  const nobody = await n.idao.verifyVote({ governor: seed.governor, proposalId: seed.proposalId, voter: seed.holder });
  assert.deepEqual([nobody.hasVoted, nobody.vote], [false, null]);
});

test('a lying RPC cannot fake a DAT balance or move a vote log to another block', async () => {
  const balanceLie = await liar.lie(
    { method: 'eth_getProof', occurrence: 0, apply: ({ answer }) => { answer.result.balance = flipHex(answer.result.balance); } },
    async () => (await node(liar.url)).dat.verifyOwnership({ contract: seed.dat, tokenId: 1, owner: seed.holder }),
  );
  assert.ok(balanceLie.applied && balanceLie.error, `refused: ${JSON.stringify({ applied: balanceLie.applied, value: balanceLie.value, error: balanceLie.error?.message })}`);
  // The lie hits the supportsInterface call: refused as such, not taken for "no ERC-165" and
  // answered down the ERC-8028 path.
  assert.match(balanceLie.error.code, /^(CLAIM_MISMATCH|PROOF_INVALID)$/, balanceLie.error.message);
  // The proof of the holder's balance slot (found in an honest run) claims 43 instead of 42.
  const ownership = async () => (await node(liar.url)).dat.verifyOwnership({ contract: seed.dat, tokenId: 1, owner: seed.holder });
  await liar.record(ownership);
  const balanceProof = liar.recorded.find((r) => r.method === 'eth_getProof' && r.params[0].toLowerCase() === seed.dat.toLowerCase() && r.answer.result.storageProof.some((sp) => sp.value === '0x2a'));
  assert.ok(balanceProof, 'the balance slot is proven over RPC');
  const slotLie = await liar.lie(
    { method: 'eth_getProof', occurrence: balanceProof.occurrence, apply: ({ answer }) => { for (const sp of answer.result.storageProof) if (sp.value === '0x2a') sp.value = '0x2b'; } },
    ownership,
  );
  assert.ok(slotLie.applied && slotLie.error, 'refused');
  assert.match(slotLie.error.code, /^(CLAIM_MISMATCH|PROOF_INVALID)$/);
  // Logs come from receipts proven against each block's receipts root (the node never takes a
  // server's eth_getLogs list): a vote log moved out of its block's receipts is refused there.
  const vote = async () => (await node(liar.url)).idao.verifyVote({ governor: seed.governor, proposalId: seed.proposalId, voter: seed.dev });
  await liar.record(vote);
  assert.ok(!liar.recorded.some((r) => r.method === 'eth_getLogs'), 'no server log list is used');
  const receipts = liar.recorded.find((r) => r.method === 'eth_getBlockReceipts' && Number(r.params[0]) === seed.forVoteBlock);
  assert.ok(receipts, 'the vote block receipts are fetched');
  const bent = await liar.lie(
    { method: 'eth_getBlockReceipts', occurrence: receipts.occurrence, apply: ({ answer }) => { const [first] = answer.result; first.logs = []; } },
    vote,
  );
  assert.ok(bent.applied && bent.error, 'receipts without the vote log are refused');
  assert.equal(bent.error.code, 'ROOT_MISMATCH', bent.error.message);
  // The vote log of another block, put into this block's receipts, is refused the same way.
  const [otherReceipt] = await anvil.rpc('eth_getBlockReceipts', [`0x${seed.againstVoteBlock.toString(16)}`]);
  assert.ok(otherReceipt.logs.length > 0);
  const transplanted = await liar.lie(
    { method: 'eth_getBlockReceipts', occurrence: receipts.occurrence, apply: ({ answer }) => { answer.result[0].logs.push(...structuredClone(otherReceipt.logs)); } },
    vote,
  );
  assert.ok(transplanted.applied && transplanted.error, 'a vote log from another block is refused');
});

test('on a chain longer than the log range, ProofAdded and VoteCast are found by a bounded search back; fromBlock reaches further', async () => {
  await anvil.rpc('anvil_mine', ['0x28']);
  const narrow = (maxLogRange) => LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint, timeoutMs: 10_000, maxLogRange });
  const proof = { registry: seed.registry, verifier: seed.verifier, fileId: 1, proofIndex: 1 };
  // 16 windows of 4 blocks reach back 64 blocks: the proof's block is among them.
  assert.equal(Number((await (await narrow(4)).inference.verifyProof(proof)).addedInBlock), seed.proofBlocks[0]);
  // 16 windows of one block do not reach it: refused, saying where it looked and how to look further.
  const one = await narrow(1);
  await assert.rejects(one.inference.verifyProof(proof), (e) => e.code === 'CLAIM_MISMATCH' && /give fromBlock/.test(e.message));
  assert.equal(Number((await one.inference.verifyProof({ ...proof, fromBlock: seed.proofBlocks[0] })).addedInBlock), seed.proofBlocks[0]);
  // A vote is searched from the proposal's snapshot on.
  const vote = await one.idao.verifyVote({ governor: seed.governor, proposalId: seed.proposalId, voter: seed.dev });
  assert.deepEqual([vote.hasVoted, Number(vote.vote.block)], [true, seed.forVoteBlock]);
});
