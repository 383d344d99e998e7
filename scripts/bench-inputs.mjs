// The bench's inputs, read from ../shared/fixtures: the same bytes for every contender and build
// (scripts/bench.mjs, scripts/bench-builds.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keccak256 } from 'viem';

const root = new URL('..', import.meta.url).pathname;
export const fixtures = join(root, '../shared/fixtures');
export const load = (p) => JSON.parse(readFileSync(join(fixtures, p), 'utf8'));

// The same proofs for every contender: real mainnet eth_getProof answers.
const block = load('helios/rpc_block.json');
const asGetProof = (address, e) => ({
  address, balance: e.account.balance, nonce: e.account.nonce, codeHash: e.account.codeHash,
  storageHash: e.account.storageRoot, accountProof: e.accountProof, storageProof: e.storageProof,
});
const uni = load('ethereumjs/sm_providerData_accounts_0x1f9840a85d5af5bf1d1762f925bdaddc4201f984.json')['0x1'];
export const cases = [
  { stateRoot: block.stateRoot, proof: load('helios/rpc_proof.json') },
  { stateRoot: block.stateRoot, proof: load('helios/rpc_block_miner_proof.json') },
  ...Object.entries(load('helios/verifiable_api_access_list.json').accounts).map(([a, e]) => ({ stateRoot: block.stateRoot, proof: asGetProof(a, e) })),
  { stateRoot: load('ethereumjs/sm_providerData_blocks_block0x7a120.json').stateRoot, proof: load('ethereumjs/sm_providerData_accounts_0x580992b51e3925e23280efb93d3047c82f17e038.json')['0x7a120'] },
  { stateRoot: keccak256(uni.accountProof[0]), proof: uni },
];
export const headers = load('ethereumjs/block_blocks_mainnet.json').map((b) => b.header);

/** Flat (root, key, proof) triples of `cases`, as a JS caller of verifyMptProof would hold them. */
export function flatProofs(verifyAccountProof) {
  const flat = [];
  for (const c of cases) {
    const account = verifyAccountProof(c.stateRoot, c.proof);
    flat.push({ root: c.stateRoot, key: keccak256(c.proof.address), proof: c.proof.accountProof });
    for (const s of c.proof.storageProof) flat.push({ root: account.storageHash, key: keccak256(s.key.length === 66 ? s.key : `0x${s.key.slice(2).padStart(64, '0')}`), proof: s.proof });
  }
  return flat;
}

// Block re-execution: the hive chain (54 blocks, Frontier to BPO2) from its genesis.
export const hiveDir = join(fixtures, 'execution-apis/tests');
export const hiveGenesis = readFileSync(join(hiveDir, 'genesis.json'), 'utf8');
export const hiveChain = [...readFileSync(join(hiveDir, 'chain.rlp'))];

// The beacon light client on helios's recorded mainnet sync (bootstrap, 6 period updates, the
// finality and optimistic updates): every BLS signature and Merkle branch verified each round.
export const beaconDir = join(fixtures, 'beacon/helios-mainnet-capella');
export const beaconRoot = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
export const beaconRecording = {
  root: beaconRoot, nowSlot: 7109432,
  bootstrap: load('beacon/helios-mainnet-capella/bootstrap.json'), updates: load('beacon/helios-mainnet-capella/updates.json'),
  finality: load('beacon/helios-mainnet-capella/finality.json'), optimistic: load('beacon/helios-mainnet-capella/optimistic.json'),
};
