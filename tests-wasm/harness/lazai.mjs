// Seeds a devnet with LazAI's contracts (compiled by solc-js): the ERC-1155 DAT and a class DAT
// (ERC-8028 draft), a DataRegistry with a file and proofs attested by compute nodes of the
// VerifiedComputing allow-list (one signed by a key that is not a node, one by a node later
// removed), and an iDAO (OpenZeppelin Governor + ERC20Votes) with a proposal and votes.
import { createWalletClient, encodeAbiParameters, encodeDeployData, encodeFunctionData, http, keccak256, parseAbiParameters, toHex, decodeEventLog } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { rpc, waitForReceipt } from './anvil.mjs';
import { DEV_KEY } from './seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

/** The bytes of the anchored file. */
export const FILE_BYTES = new TextEncoder().encode('LazAI dataset: 1,024 labelled sentences\n');

const PROOF_DATA = parseAbiParameters('(uint256 id, uint256 score, string fileUrl, string proofUrl)');

/** A compute node's attestation: EIP-191 over keccak256(abi.encode(ProofData)). */
export async function attest(key, data) {
  const digest = keccak256(encodeAbiParameters(PROOF_DATA, [data]));
  return privateKeyToAccount(key).signMessage({ message: { raw: digest } });
}

export async function seedLazai(url) {
  const c = compileContracts();
  const dev = privateKeyToAccount(DEV_KEY);
  const wallet = createWalletClient({ account: dev, chain: foundry, transport: http(url) });
  const receipt = (hash) => waitForReceipt(url, hash);
  const deploy = async (name, args = []) => (await receipt(await wallet.sendTransaction({ data: encodeDeployData({ abi: c[name].abi, bytecode: c[name].bytecode, args }) }))).contractAddress;
  const send = async (to, name, functionName, args, from = wallet) => receipt(await from.sendTransaction({ to, data: encodeFunctionData({ abi: c[name].abi, functionName, args }) }));

  const holder = privateKeyToAccount(generatePrivateKey()).address;
  const voter = privateKeyToAccount(generatePrivateKey());
  const nodeKey = generatePrivateKey();
  const removedKey = generatePrivateKey();
  const strangerKey = generatePrivateKey();

  const dat = await deploy('DAT');
  const classDat = await deploy('ClassDAT');
  const verifier = await deploy('VerifiedComputing');
  const registry = await deploy('DataRegistry');
  const token = await deploy('IDAOToken', [10n ** 24n]);
  const governor = await deploy('IDAO', [token]);

  await send(dat, 'DAT', 'mint', [holder, 42n, 'ipfs://file-1', true]);
  await send(dat, 'DAT', 'mint', [holder, 7n, 'ipfs://file-2', false]);
  const integrityHash = keccak256(FILE_BYTES);
  await send(classDat, 'ClassDAT', 'createClass', ['ipfs://class-1', integrityHash, 18, 'ipfs://policy-1']);
  const expireAt = BigInt(Math.floor(Date.now() / 1000) + 365 * 86400);
  await send(classDat, 'ClassDAT', 'mint', [1n, holder, 1000n, 2500n, expireAt]);

  await send(verifier, 'VerifiedComputing', 'addNode', [privateKeyToAccount(nodeKey).address, 'https://node-1', '0x04']);
  await send(verifier, 'VerifiedComputing', 'addNode', [privateKeyToAccount(removedKey).address, 'https://node-2', '0x04']);
  await send(registry, 'DataRegistry', 'addFile', ['ipfs://file-1', integrityHash]);
  const data = (score, proofUrl) => ({ id: 1n, score, fileUrl: 'ipfs://file-1', proofUrl });
  const proofs = [[nodeKey, data(42n, 'ipfs://proof-1')], [strangerKey, data(99n, 'ipfs://proof-2')], [removedKey, data(50n, 'ipfs://proof-3')]];
  const proofBlocks = [];
  for (const [key, d] of proofs) {
    const r = await send(registry, 'DataRegistry', 'addProof', [1n, { signature: await attest(key, d), data: d }]);
    proofBlocks.push(Number(r.blockNumber));
  }
  await send(verifier, 'VerifiedComputing', 'removeNode', [privateKeyToAccount(removedKey).address]);

  // The iDAO: voting power delegated, a proposal, two votes.
  await send(token, 'IDAOToken', 'delegate', [dev.address]);
  await send(token, 'IDAOToken', 'transfer', [voter.address, 10n ** 23n]);
  await wallet.sendTransaction({ to: voter.address, value: 10n ** 18n });
  const voterWallet = createWalletClient({ account: voter, chain: foundry, transport: http(url) });
  await send(token, 'IDAOToken', 'delegate', [voter.address], voterWallet);
  const proposed = await send(governor, 'IDAO', 'propose', [[token], [0n], ['0x'], 'Fund the LazAI data commons']);
  const { args: { proposalId } } = decodeEventLog({ abi: c.IDAO.abi, ...proposed.logs.find((l) => l.address.toLowerCase() === governor.toLowerCase()) });
  await rpc(url, 'anvil_mine', ['0x2']);
  const forVote = await send(governor, 'IDAO', 'castVote', [proposalId, 1]);
  const againstVote = await send(governor, 'IDAO', 'castVoteWithReason', [proposalId, 0, 'not this quarter'], voterWallet);
  return {
    dat, classDat, verifier, registry, token, governor, holder, voter: voter.address, dev: dev.address,
    proposalId: toHex(proposalId), proofBlocks, forVoteBlock: Number(forVote.blockNumber), againstVoteBlock: Number(againstVote.blockNumber),
    nodeKey, strangerKey, proofData: data(42n, 'ipfs://proof-1'),
  };
}
