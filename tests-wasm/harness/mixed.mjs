// Blocks for re-execution tests: two blocks of mixed transactions (deploys, ERC-20 transfers,
// storage writes, reverts, CREATE2, value to new accounts, precompile calls, an EIP-7702 delegation
// and a call through it), and blocks where anvil 1.7.1 departs from Ethereum's state rules (a
// contract self-destructed in its creating transaction, a storage slot cleared; see also the
// precompiles below and the EIP-7702 authority), which a verifier must refuse. anvil must run with --no-mining --order fifo; `seed` is what seedDevnet returned.
import { createWalletClient, encodeDeployData, encodeFunctionData, http, keccak256, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { rpc } from './anvil.mjs';
import { DEV_KEY } from './seed.mjs';
import { compileContracts } from '../../scripts/compile-contracts.mjs';

const gasPrice = 2_000_000_000n;

function wallet(url) {
  const account = privateKeyToAccount(DEV_KEY);
  return { account, client: createWalletClient({ account, chain: foundry, transport: http(url) }) };
}

/** Mines two blocks of mixed transactions; returns their numbers (hex) and sizes. */
export async function seedMixedBlock(url, seed) {
  const { Token, Probe, Factory } = compileContracts();
  const { account, client } = wallet(url);
  let nonce = await rpc(url, 'eth_getTransactionCount', [account.address, 'pending']).then(Number);
  const send = (tx) => client.sendTransaction({ gas: 1_000_000n, gasPrice, nonce: nonce++, ...tx });
  const call = (to, abi, functionName, args, extra = {}) => send({ to, data: encodeFunctionData({ abi, functionName, args }), ...extra });

  // anvil 1.7.1 keeps a called precompile in the trie as an empty account, where EIP-161 removes
  // it: the precompiles the block calls get a wei first, so they exist under both rules.
  for (let i = 1; i <= 5; i++) await send({ to: toHex(i, { size: 20 }), value: 1n, gas: 50_000n });
  await rpc(url, 'evm_mine', []);

  const factoryData = encodeDeployData({ abi: Factory.abi, bytecode: Factory.bytecode });
  await send({ data: factoryData, gas: 1_500_000n });
  await send({ data: encodeDeployData({ abi: Token.abi, bytecode: Token.bytecode, args: [10n ** 20n] }), gas: 2_000_000n });
  for (let i = 0; i < 3; i++) {
    await call(seed.token, Token.abi, 'transfer', [privateKeyToAccount(generatePrivateKey()).address, 1_000n + BigInt(i)]);
  }
  await call(seed.probe, Probe.abi, 'bump', [5n]);
  await call(seed.probe, Probe.abi, 'failWithReason', [], { gas: 100_000n });
  await call(seed.probe, Probe.abi, 'hashes', [toHex('precompiles in a transaction')]);
  await call(seed.probe, Probe.abi, 'modexp', [3n, 5n, 7n]);
  await call(seed.probe, Probe.abi, 'burn', [20n]);
  for (let i = 0; i < 2; i++) {
    await send({ to: privateKeyToAccount(generatePrivateKey()).address, value: parseEther('0.5'), gas: 21_000n });
  }
  await send({ type: 'eip1559', to: seed.authority, value: 7n, gas: 30_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 2n, gasPrice: undefined });
  // The authority exists before it delegates: anvil 1.7.1 refunds EIP-7702's empty-account charge
  // for an authority not in the trie too, which Ethereum does not.
  const authority = privateKeyToAccount(generatePrivateKey());
  await send({ to: authority.address, value: 1n, gas: 21_000n });
  await rpc(url, 'evm_mine', []);

  // The factory's address comes from the block just mined; its CREATE2 calls go in the next block.
  const mined = await rpc(url, 'eth_getBlockByNumber', ['latest', true]);
  const factoryReceipt = await rpc(url, 'eth_getTransactionReceipt', [mined.transactions[0].hash]);
  const made = factoryReceipt.contractAddress;
  await call(made, Factory.abi, 'make', [keccak256(toHex('salt-1')), 11n]);
  await call(made, Factory.abi, 'make', [keccak256(toHex('salt-2')), 22n]);
  await call(seed.probe, Probe.abi, 'bump', [6n]);
  await call(seed.token, Token.abi, 'transfer', [authority.address, 77n]);
  const authorization = await client.signAuthorization({ account: authority, contractAddress: seed.probe, chainId: foundry.id, nonce: 0 });
  await send({ type: 'eip7702', to: authority.address, authorizationList: [authorization], gas: 200_000n, maxFeePerGas: gasPrice, maxPriorityFeePerGas: 1n, gasPrice: undefined });
  await send({ to: authority.address, data: encodeFunctionData({ abi: Probe.abi, functionName: 'bump', args: [1n] }), gas: 200_000n });
  await rpc(url, 'evm_mine', []);
  const second = await rpc(url, 'eth_getBlockByNumber', ['latest', false]);
  return { first: mined.number, firstCount: mined.transactions.length, second: second.number, secondCount: second.transactions.length, factory: made };
}

/**
 * Mines a block whose one transaction makes a contract that self-destructs in its constructor:
 * EIP-6780 removes the account, anvil 1.7.1 leaves an empty account in the trie.
 */
export async function seedEphemeralBlock(url, factory) {
  const { Factory } = compileContracts();
  const { account, client } = wallet(url);
  const nonce = await rpc(url, 'eth_getTransactionCount', [account.address, 'pending']).then(Number);
  const heir = privateKeyToAccount(generatePrivateKey()).address;
  await client.writeContract({ address: factory, abi: Factory.abi, functionName: 'ephemeral', args: [heir], value: 1234n, gas: 300_000n, gasPrice, nonce });
  await rpc(url, 'evm_mine', []);
  return (await rpc(url, 'eth_getBlockByNumber', ['latest', false])).number;
}

/**
 * Mines a block whose only transaction empties an ERC-20 balance (a storage slot set to zero):
 * Ethereum removes the slot from the storage trie, anvil 1.7.1 keeps a zero leaf.
 */
export async function seedClearingBlock(url, seed) {
  const { Token } = compileContracts();
  const { account, client } = wallet(url);
  const holder = privateKeyToAccount(generatePrivateKey());
  let nonce = await rpc(url, 'eth_getTransactionCount', [account.address, 'pending']).then(Number);
  await client.writeContract({ address: seed.token, abi: Token.abi, functionName: 'transfer', args: [holder.address, 500n], gas: 100_000n, gasPrice, nonce: nonce++ });
  await client.sendTransaction({ to: holder.address, value: parseEther('1'), gas: 21_000n, gasPrice, nonce: nonce++ });
  await rpc(url, 'evm_mine', []);
  const holderClient = createWalletClient({ account: holder, chain: foundry, transport: http(url) });
  await holderClient.writeContract({ address: seed.token, abi: Token.abi, functionName: 'transfer', args: [account.address, 500n], gas: 100_000n, gasPrice, nonce: 0 });
  await rpc(url, 'evm_mine', []);
  return (await rpc(url, 'eth_getBlockByNumber', ['latest', false])).number;
}
