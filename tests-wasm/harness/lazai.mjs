// Seeds a devnet with LazAI's own contracts (0xLazAI/lazbubu-contracts, compiled by solc-js against
// OpenZeppelin 5.4), deployed the way their deploy script does: each implementation behind an ERC1967
// proxy, initialized through it, the DataRegistry allowed to mint DATs. Then LazAI's flow: a
// contributor adds a file (its sha256 as bare hex, as LazAI's SDK writes it), compute nodes registered
// in VerifiedComputing sign proofs that are added to the registry, the contributor requests the reward
// and the registry mints the DAT. Beside it, the proofs a verifier must refuse (a stranger's, a node's
// removed later, one for another file, a replayed signature), an ERC-8028 class DAT (LazAI has none
// deployed) and an iDAO vote on OpenZeppelin's Governor (LazAI's IDAO registers contracts, no votes).
import { createHash } from 'node:crypto';
import { createWalletClient, decodeEventLog, decodeFunctionResult, encodeAbiParameters, encodeDeployData, encodeFunctionData, http, keccak256, parseAbiParameters, toHex } from 'viem';
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

/** The sha256 of `bytes` as LazAI's SDK anchors it: bare lowercase hex. */
export const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex');

export async function seedLazai(url) {
  const c = compileContracts();
  const dev = privateKeyToAccount(DEV_KEY);
  const wallet = createWalletClient({ account: dev, chain: foundry, transport: http(url) });
  const receipt = (hash) => waitForReceipt(url, hash);
  const deploy = async (name, args = []) => (await receipt(await wallet.sendTransaction({ data: encodeDeployData({ abi: c[name].abi, bytecode: c[name].bytecode, args }) }))).contractAddress;
  const send = async (to, name, functionName, args, from = wallet) => {
    const r = await receipt(await from.sendTransaction({ to, data: encodeFunctionData({ abi: c[name].abi, functionName, args }) }));
    if (r.status !== '0x1') throw new Error(`${name}.${functionName} reverted`);
    return r;
  };
  // An implementation behind `proxy`, initialized by `init(...args)` through the proxy.
  const behindProxy = async (name, proxy, init, args) => {
    const implementation = await deploy(name);
    return { implementation, address: await deploy(proxy, [implementation, encodeFunctionData({ abi: c[name].abi, functionName: init, args })]) };
  };
  const funded = async (key) => {
    const account = privateKeyToAccount(key);
    await receipt(await wallet.sendTransaction({ to: account.address, value: 10n ** 18n }));
    return createWalletClient({ account, chain: foundry, transport: http(url) });
  };

  const contributorKey = generatePrivateKey();
  const voter = privateKeyToAccount(generatePrivateKey());
  const nodeKey = generatePrivateKey();
  const removedKey = generatePrivateKey();
  const strangerKey = generatePrivateKey();
  const contributor = await funded(contributorKey);
  const holder = contributor.account.address;

  const vc = await behindProxy('VerifiedComputing', 'VerifiedComputingProxy', 'initialize', [dev.address]);
  const dat = await behindProxy('DataAnchoringToken', 'LazbubuProxy', '_DataAnchoringToken_init', [dev.address, 'https://lazai.com/token/{id}.json']);
  const registry = await behindProxy('DataRegistry', 'DataRegistryProxy', 'initialize', [{
    ownerAddress: dev.address, tokenAddress: dat.address, verifiedComputingAddress: vc.address, name: 'LazAI Data Registry', publicKey: 'devnet registry key',
  }]);
  const minter = await readContract(url, dat.address, c.DataAnchoringToken.abi, 'MINTER_ROLE');
  await send(dat.address, 'DataAnchoringToken', 'grantRole', [minter, registry.address]);
  const classDat = await deploy('ClassDAT');
  const token = await deploy('IDAOToken', [10n ** 24n]);
  const governor = await deploy('IDAOGovernor', [token]);

  for (const [key, url_] of [[nodeKey, 'https://node-1'], [removedKey, 'https://node-2']]) {
    await send(vc.address, 'VerifiedComputing', 'addNode', [privateKeyToAccount(key).address, url_, 'node public key']);
  }
  // File 1 is anchored by its sha256 (LazAI's SDK), file 2 by its keccak256 spelled 0x and upper case.
  await send(registry.address, 'DataRegistry', 'addFile', ['ipfs://file-1', sha256Hex(FILE_BYTES)], contributor);
  await send(registry.address, 'DataRegistry', 'addFile', ['ipfs://file-2', `0x${keccak256(FILE_BYTES).slice(2).toUpperCase()}`], contributor);
  await send(vc.address, 'VerifiedComputing', 'requestProof', [1n], contributor);
  const data = (id, score, proofUrl) => ({ id, score, fileUrl: `ipfs://file-${id}`, proofUrl });
  const addProof = async (fileId, proof, by) => Number((await send(registry.address, 'DataRegistry', 'addProof', [fileId, proof], by)).blockNumber);
  const signed = async (key, d) => ({ signature: await attest(key, d), data: d });
  const proofData = data(1n, 42n, 'ipfs://proof-1');
  const nodeProof = await signed(nodeKey, proofData);
  // File 1: the node's proof, a stranger's, and one by a node that is removed afterwards.
  const proofBlocks = [
    await addProof(1n, nodeProof, await funded(nodeKey)),
    await addProof(1n, await signed(strangerKey, data(1n, 99n, 'ipfs://proof-2')), await funded(strangerKey)),
    await addProof(1n, await signed(removedKey, data(1n, 50n, 'ipfs://proof-3')), await funded(removedKey)),
  ];
  // File 2: file 1's proof added again as is (a proof for another file), and its signature under
  // file 2's data (a replayed signature).
  await addProof(2n, nodeProof, contributor);
  await addProof(2n, { signature: nodeProof.signature, data: data(2n, 42n, 'ipfs://proof-1') }, contributor);
  const removedBlock = Number((await send(vc.address, 'VerifiedComputing', 'removeNode', [privateKeyToAccount(removedKey).address])).blockNumber);
  // The reward mints DAT #1 (amount = the proof's score); an unverified DAT #2 is minted directly.
  await send(registry.address, 'DataRegistry', 'requestReward', [1n, 1n], contributor);
  await send(dat.address, 'DataAnchoringToken', 'mint', [holder, 7n, 'ipfs://file-3', false]);

  const integrityHash = keccak256(FILE_BYTES);
  await send(classDat, 'ClassDAT', 'createClass', ['ipfs://class-1', integrityHash, 18, 'ipfs://policy-1']);
  const expireAt = BigInt(Math.floor(Date.now() / 1000) + 365 * 86400);
  await send(classDat, 'ClassDAT', 'mint', [1n, holder, 1000n, 2500n, expireAt]);

  // The iDAO: voting power delegated, a proposal, two votes.
  await send(token, 'IDAOToken', 'delegate', [dev.address]);
  await send(token, 'IDAOToken', 'transfer', [voter.address, 10n ** 23n]);
  await wallet.sendTransaction({ to: voter.address, value: 10n ** 18n });
  const voterWallet = createWalletClient({ account: voter, chain: foundry, transport: http(url) });
  await send(token, 'IDAOToken', 'delegate', [voter.address], voterWallet);
  const proposed = await send(governor, 'IDAOGovernor', 'propose', [[token], [0n], ['0x'], 'Fund the LazAI data commons']);
  const { args: { proposalId } } = decodeEventLog({ abi: c.IDAOGovernor.abi, ...proposed.logs.find((l) => l.address.toLowerCase() === governor.toLowerCase()) });
  await rpc(url, 'anvil_mine', ['0x2']);
  const forVote = await send(governor, 'IDAOGovernor', 'castVote', [proposalId, 1]);
  const againstVote = await send(governor, 'IDAOGovernor', 'castVoteWithReason', [proposalId, 0, 'not this quarter'], voterWallet);
  return {
    dat: dat.address, datImplementation: dat.implementation, classDat, verifier: vc.address, registry: registry.address, token, governor,
    holder, voter: voter.address, dev: dev.address, node: privateKeyToAccount(nodeKey).address,
    proposalId: toHex(proposalId), proofBlocks, removedBlock, forVoteBlock: Number(forVote.blockNumber), againstVoteBlock: Number(againstVote.blockNumber),
    nodeKey, strangerKey, proofData,
  };
}

/** A view function's result, read over RPC (seeding only: nothing here is verified). */
async function readContract(url, to, abi, functionName, args = []) {
  const out = await rpc(url, 'eth_call', [{ to, data: encodeFunctionData({ abi, functionName, args }) }, 'latest']);
  return decodeFunctionResult({ abi, functionName, data: out });
}
