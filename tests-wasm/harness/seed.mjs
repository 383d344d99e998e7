// Seeds a devnet (anvil started with --no-mining --order fifo) with one block holding transaction
// types 0, 1, 2 and 4 and a contract with storage, and a second block holding a blob transaction
// (type 3), then our solc-compiled contracts (an ERC-20 and the Probe) with some activity; used by
// the tests and the demo.
//
// The blob transaction gets a block of its own because anvil 1.7.1 commits blob transactions to
// transactionsRoot in their network form (with the sidecar), which is not Ethereum's rule: that
// block's root rightly fails verification, and the tests check that it does.
import { bytesToHex, createWalletClient, hexToBytes, http, parseEther, parseGwei, stringToHex, toBlobs, toHex } from 'viem';
import { loadKZG } from 'kzg-wasm';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { rpc } from './anvil.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

/** anvil's first dev account (well known, holds test ether only). */
export const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** Init code: SSTORE(0, 0x2a), SSTORE(5, 0x99), then return the one-byte runtime 0x00. */
export const STORAGE_INIT = '0x602a600055609960055560016000f3';

export const slot = (n) => toHex(n, { size: 32 });

/** viem's KZG interface over kzg-wasm (the mainnet trusted setup, no native build needed). */
async function kzg() {
  const k = await loadKZG();
  return {
    blobToKzgCommitment: (b) => hexToBytes(k.blobToKZGCommitment(bytesToHex(b))),
    computeBlobKzgProof: (b, c) => hexToBytes(k.computeBlobKZGProof(bytesToHex(b), bytesToHex(c))),
    computeCellsAndKzgProofs: (b) => {
      const [cells, proofs] = k.computeCellsAndProofs(bytesToHex(b));
      return [cells.map(hexToBytes), proofs.map(hexToBytes)];
    },
  };
}

/** Sends the seed transactions, mines them into one block and returns what was made. */
export async function seedDevnet(url) {
  const sender = privateKeyToAccount(DEV_KEY);
  const authority = privateKeyToAccount(generatePrivateKey());
  const wallet = createWalletClient({ account: sender, chain: foundry, transport: http(url) });
  const gasPrice = 2_000_000_000n;
  let nonce = await rpc(url, 'eth_getTransactionCount', [sender.address, 'pending']).then(Number);
  const deployHash = await wallet.sendTransaction({ type: 'legacy', data: STORAGE_INIT, gas: 100_000n, gasPrice, nonce: nonce++ });
  await wallet.sendTransaction({ type: 'legacy', to: authority.address, value: parseEther('1'), gas: 21_000n, gasPrice, nonce: nonce++ });
  await wallet.sendTransaction({
    type: 'eip2930', to: authority.address, value: 1n, gas: 30_000n, gasPrice, nonce: nonce++,
    accessList: [{ address: authority.address, storageKeys: [slot(1)] }],
  });
  await wallet.sendTransaction({ type: 'eip1559', to: authority.address, value: 2n, gas: 21_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 1n, nonce: nonce++ });
  const authorization = await wallet.signAuthorization({ account: authority, contractAddress: sender.address, chainId: foundry.id, nonce: 0 });
  await wallet.sendTransaction({ type: 'eip7702', to: authority.address, authorizationList: [authorization], gas: 100_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 1n, nonce: nonce++ });
  await rpc(url, 'evm_mine', []);
  const blobHash = await wallet.sendTransaction({
    blobs: toBlobs({ data: stringToHex('metis-lightnode blob') }), kzg: await kzg(), maxFeePerBlobGas: parseGwei('30'),
    to: authority.address, gas: 50_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 1n, nonce: nonce++,
  });
  await rpc(url, 'evm_mine', []);

  // Our contracts, compiled by solc-js: an ERC-20 and the Probe, then some activity with logs.
  const { Token, Probe } = compileContracts();
  const tokenHash = await wallet.deployContract({ abi: Token.abi, bytecode: Token.bytecode, args: [10n ** 24n], gas: 2_000_000n, gasPrice, nonce: nonce++ });
  const probeHash = await wallet.deployContract({ abi: Probe.abi, bytecode: Probe.bytecode, gas: 2_000_000n, gasPrice, nonce: nonce++ });
  await rpc(url, 'evm_mine', []);
  const token = (await rpc(url, 'eth_getTransactionReceipt', [tokenHash])).contractAddress;
  const probe = (await rpc(url, 'eth_getTransactionReceipt', [probeHash])).contractAddress;
  const transferHash = await wallet.writeContract({ address: token, abi: Token.abi, functionName: 'transfer', args: [authority.address, 12_345n], gas: 100_000n, gasPrice, nonce: nonce++ });
  await wallet.writeContract({ address: probe, abi: Probe.abi, functionName: 'bump', args: [3n], gas: 200_000n, gasPrice, nonce: nonce++ });
  await rpc(url, 'evm_mine', []);
  await wallet.writeContract({ address: probe, abi: Probe.abi, functionName: 'bump', args: [4n], gas: 200_000n, gasPrice, nonce: nonce++ });
  await rpc(url, 'evm_mine', []);

  const receipt = await rpc(url, 'eth_getTransactionReceipt', [deployHash]);
  const blobReceipt = await rpc(url, 'eth_getTransactionReceipt', [blobHash]);
  const transfer = await rpc(url, 'eth_getTransactionReceipt', [transferHash]);
  return {
    blockNumber: receipt.blockNumber, blobBlockNumber: blobReceipt.blockNumber,
    contract: receipt.contractAddress, authority: authority.address, sender: sender.address,
    token, probe, transferHash, transferBlock: transfer.blockNumber,
  };
}
