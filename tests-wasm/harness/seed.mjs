// Seeds a devnet (anvil started with --no-mining --order fifo) with one block holding transaction
// types 0, 1, 2 and 4 and a contract with storage; used by the tests and the demo.
import { createWalletClient, http, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { rpc } from './anvil.mjs';

/** anvil's first dev account (well known, holds test ether only). */
export const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** Init code: SSTORE(0, 0x2a), SSTORE(5, 0x99), then return the one-byte runtime 0x00. */
export const STORAGE_INIT = '0x602a600055609960055560016000f3';

export const slot = (n) => toHex(n, { size: 32 });

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
  const receipt = await rpc(url, 'eth_getTransactionReceipt', [deployHash]);
  return { blockNumber: receipt.blockNumber, contract: receipt.contractAddress, authority: authority.address, sender: sender.address };
}
