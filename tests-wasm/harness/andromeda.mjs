// An Andromeda-shaped devnet, for the Metis tests and the demo. L2: anvil with l2geth's 15-field
// headers (`--hardfork berlin`, chain 31338) behind the l2geth-format RPC, MetisSequencerSet
// (Andromeda's storage layout) holding the epochs, each block's transaction signed by the key of its
// epoch. L1: a second anvil with a StateCommitmentChain (the container's storage layout) holding
// batches of the L2 state roots.
import { createWalletClient, decodeEventLog, encodeDeployData, encodeFunctionData, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { startAnvil, waitForReceipt } from './anvil.mjs';
import { startL2geth } from './l2geth.mjs';
import { DEV_KEY } from './seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

/** The dev account's first contract: MetisSequencerSet on L2, the StateCommitmentChain on L1. */
export const SEQUENCER_SET = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const SCC = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

export const address = (key) => privateKeyToAccount(key).address.toLowerCase();

/** Resolves once `hash` is mined on `anvil`; the block number. */
const mined = async (anvil, hash) => Number((await waitForReceipt(anvil.url, hash)).blockNumber);

/**
 * Starts the L2: block 1 deploys the sequencer set (epoch 0), block 2 a transfer, then epochs
 * 1..`epochs`-1 are committed a block each, then a `recommitEpoch` names epoch `epochs`' signer.
 * `signers` maps each block to the key that signs it (a test may change it to tell a lie); `send(tx)`
 * mines a transaction signed by the current epoch's key.
 */
export async function startAndromeda({ epochs }) {
  const anvil = await startAnvil({ args: ['--hardfork', 'berlin', '--chain-id', '31338'] });
  const keys = Array.from({ length: epochs + 2 }, () => generatePrivateKey());
  const signers = new Map();
  const l2geth = await startL2geth(anvil.url, { keyFor: (n) => signers.get(n) ?? null });
  const { MetisSequencerSet } = compileContracts();
  const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: { ...foundry, id: 31338 }, transport: http(anvil.url) });
  const legacy = { type: 'legacy', gasPrice: 2_000_000_000n, gas: 1_000_000n };
  const call = (functionName, args) => encodeFunctionData({ abi: MetisSequencerSet.abi, functionName, args });
  let current = 0;
  // `from`: another sender's key (the dev account, the MPC address, sends by default).
  const send = async (tx, { from } = {}) => {
    const sender = from ? createWalletClient({ account: privateKeyToAccount(from), chain: wallet.chain, transport: http(anvil.url) }) : wallet;
    const n = await mined(anvil, await sender.sendTransaction({ ...legacy, ...tx }));
    signers.set(n, keys[current]);
    return n;
  };

  await mined(anvil, await wallet.sendTransaction({ ...legacy, data: encodeDeployData({ abi: MetisSequencerSet.abi, bytecode: MetisSequencerSet.bytecode, args: [address(keys[0]), 1000n] }) }));
  const checkpoint = { number: 1, hash: (await anvil.rpc('eth_getBlockByNumber', ['0x1', false])).hash };
  const marks = { transfer: await send({ to: address(keys[1]), value: parseEther('1') }) };
  for (let epoch = 1; epoch <= epochs - 1; epoch += 1) {
    // Epoch bounds are never zero: anvil keeps a zero written to an empty slot as a trie leaf, a
    // state root no re-executing node reproduces (protocol-facts), and every block is re-executed.
    await send({ to: SEQUENCER_SET, data: call('commitEpoch', [BigInt(epoch), BigInt(epoch * 1000), BigInt(epoch * 1000 + 999), address(keys[epoch])]) });
    current = epoch;
  }
  // recommitEpoch: the block is signed by the new signer it names.
  marks.recommit = await mined(anvil, await wallet.sendTransaction({ ...legacy, to: SEQUENCER_SET, data: call('recommitEpoch', [BigInt(epochs - 1), BigInt(epochs), BigInt(epochs * 1000), BigInt(epochs * 1000 + 999), address(keys[epochs])]) }));
  signers.set(marks.recommit, keys[epochs]);
  current = epochs;
  return {
    anvil, l2geth, keys, signers, checkpoint, marks, send, recommit: call.bind(null, 'recommitEpoch'),
    stop: async () => {
      await l2geth.close();
      await anvil.stop();
    },
  };
}

/**
 * Starts an L1 with the StateCommitmentChain (fraud-proof window `window` seconds) and appends the
 * state roots of L2 blocks 1..`last` in batches split at `cuts`; the batch headers as
 * `StateBatchAppended` gives them.
 */
export async function commitOnL1(l2, last, { window, cuts }) {
  const { MetisStateCommitment } = compileContracts();
  const l1 = await startAnvil();
  const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: foundry, transport: http(l1.url) });
  const call = (functionName, args) => encodeFunctionData({ abi: MetisStateCommitment.abi, functionName, args });
  await mined(l1, await wallet.sendTransaction({ data: encodeDeployData({ abi: MetisStateCommitment.abi, bytecode: MetisStateCommitment.bytecode, args: [BigInt(window)] }) }));
  const roots = [];
  for (let n = 1; n <= last; n += 1) roots.push((await l2.rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).stateRoot);
  const bounds = [0, ...cuts, roots.length];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    await mined(l1, await wallet.sendTransaction({ to: SCC, data: call('appendStateBatchByChainId', [31338n, roots.slice(bounds[i], bounds[i + 1])]) }));
  }
  const logs = await l1.rpc('eth_getLogs', [{ address: SCC, fromBlock: '0x0', toBlock: 'latest' }]);
  const batches = logs.map((log) => {
    const { args } = decodeEventLog({ abi: MetisStateCommitment.abi, data: log.data, topics: log.topics });
    return { batchIndex: Number(args.batchIndex), batchRoot: args.batchRoot, batchSize: Number(args.batchSize), prevTotalElements: Number(args.prevTotalElements), extraData: args.extraData };
  });
  const checkpoint = { number: 0, hash: (await l1.rpc('eth_getBlockByNumber', ['0x0', false])).hash };
  return { l1, checkpoint, batches };
}

/** Appends the state roots of L2 blocks `from`..=`to` to `l1`'s StateCommitmentChain as one batch; returns its header. */
export async function appendOnL1(l1, l2, from, to) {
  const { MetisStateCommitment } = compileContracts();
  const wallet = createWalletClient({ account: privateKeyToAccount(DEV_KEY), chain: foundry, transport: http(l1.url) });
  const roots = [];
  for (let n = from; n <= to; n += 1) roots.push((await l2.rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).stateRoot);
  const receipt = await waitForReceipt(l1.url, await wallet.sendTransaction({ to: SCC, data: encodeFunctionData({ abi: MetisStateCommitment.abi, functionName: 'appendStateBatchByChainId', args: [31338n, roots] }) }));
  const log = receipt.logs.find((l) => l.address.toLowerCase() === SCC.toLowerCase());
  const { args } = decodeEventLog({ abi: MetisStateCommitment.abi, data: log.data, topics: log.topics });
  return { batchIndex: Number(args.batchIndex), batchRoot: args.batchRoot, batchSize: Number(args.batchSize), prevTotalElements: Number(args.prevTotalElements), extraData: args.extraData };
}

/** The batch holding L2 block `block`'s state root. */
export const batchOf = (batches, block) => batches.find((b) => block - 1 >= b.prevTotalElements && block - 1 < b.prevTotalElements + b.batchSize);
