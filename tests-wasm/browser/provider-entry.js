// Bundled by esbuild for the Chromium provider test: real viem and ethers on the LightNode provider,
// with IndexedDB-free, in-page verification. Exposes window.providerChecks(config).
import { BrowserProvider, Contract, Wallet } from 'ethers';
import { createPublicClient, createWalletClient, custom } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { LightNode, announceProvider } from '/pkg/index.js';

window.providerChecks = async ({ rpc, checkpoint, seed, abis }) => {
  const node = await LightNode.create({ chain: 'devnet', rpc, checkpoint });
  let connected = null;
  node.on('connect', (info) => { connected = info; });
  const viem = createPublicClient({ chain: foundry, transport: custom(node.provider) });
  const results = {};
  results.chainId = await viem.getChainId();
  results.viemBalance = String(await viem.getBalance({ address: seed.sender }));
  results.viemToken = String(await viem.readContract({ address: seed.token, abi: abis.Token, functionName: 'balanceOf', args: [seed.authority] }));
  results.viemLogs = (await viem.getLogs({ address: seed.probe, fromBlock: 0n, toBlock: BigInt(node.head.number) })).length;
  results.viemCall = (await viem.call({ to: seed.probe, data: '0x61bc221a' })).data;
  const ethers = new BrowserProvider(node.provider);
  results.ethersBalance = String(await ethers.getBalance(seed.sender));
  results.ethersToken = String(await new Contract(seed.token, abis.Token, ethers).balanceOf(seed.authority));
  results.ethersBlock = (await ethers.getBlock(Number(seed.blockNumber))).hash;
  try {
    await new Contract(seed.probe, abis.Probe, ethers).failWithReason();
    results.ethersRevert = 'no revert';
  } catch (err) {
    results.ethersRevert = err.reason ?? err.message;
  }
  try {
    await node.request({ method: 'debug_traceTransaction', params: [seed.transferHash] });
  } catch (err) {
    results.unsupportedCode = err.code;
  }
  results.wallet = await walletFlow(node, rpc);
  // EIP-6963: the node announces itself; a dapp asks, picks it by rdns, and reads through it.
  const stop = announceProvider(node.provider);
  const announced = [];
  window.addEventListener('eip6963:announceProvider', (event) => announced.push(event.detail));
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  const picked = announced.find((d) => d.info.rdns === 'io.metis.lightnode');
  results.eip6963 = {
    name: picked?.info.name, uuid: /^[0-9a-f-]{36}$/.test(picked?.info.uuid ?? ''), icon: picked?.info.icon.startsWith('data:image/svg+xml'),
    frozen: Object.isFrozen(picked) && Object.isFrozen(picked?.info),
    chainId: await createPublicClient({ chain: foundry, transport: custom(picked.provider) }).getChainId(),
  };
  stop();
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  results.eip6963.afterStop = announced.length;
  await new Promise((resolve) => setTimeout(resolve, 10));
  results.connected = connected;
  return results;
};

/**
 * A wallet's flow on the provider: viem and ethers each sign locally (anvil's dev accounts 2 and 3)
 * and send, with nonce, gas and fees from the node; the test mines; the receipts come back proven,
 * and a newHeads subscription sees the block. No method may be refused as not verifiable.
 */
async function walletFlow(node, rpc) {
  const refused = [];
  const provider = {
    on: (...args) => node.on(...args),
    removeListener: (...args) => node.removeListener(...args),
    request: (args) => node.request(args).catch((err) => {
      if (err.code === 4200) refused.push(args.method);
      throw err;
    }),
  };
  const anvil = (method, params = []) => fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const mine = () => anvil('evm_mine');
  // The fee oracle reads the last 20 blocks: past the seed's blob block, whose transactions root
  // anvil makes non-canonical (refused, so no fee could be derived across it); `latest` is at most 2 s old.
  await anvil('anvil_mine', ['0x14']);
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const heads = [];
  node.on('message', (m) => heads.push(m.data.result.number));
  const subscription = await provider.request({ method: 'eth_subscribe', params: ['newHeads'] });

  const viem = createPublicClient({ chain: foundry, transport: custom(provider), pollingInterval: 100 });
  const account = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
  const viemHash = await createWalletClient({ account, chain: foundry, transport: custom(provider) }).sendTransaction({ to: account.address, value: 5n });
  await mine();
  const viemReceipt = await viem.waitForTransactionReceipt({ hash: viemHash, pollingInterval: 100 });

  const ethers = new BrowserProvider(provider, undefined, { cacheTimeout: -1, pollingInterval: 100 });
  const signer = new Wallet('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6', ethers);
  const sent = await signer.sendTransaction({ to: signer.address, value: 6n });
  await mine();
  const ethersReceipt = await sent.wait();
  ethers.destroy();

  for (let i = 0; i < 100 && !heads.includes(`0x${ethersReceipt.blockNumber.toString(16)}`); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  await provider.request({ method: 'eth_unsubscribe', params: [subscription] });
  return {
    viemStatus: viemReceipt.status,
    ethersStatus: ethersReceipt.status,
    headSeen: heads.includes(`0x${ethersReceipt.blockNumber.toString(16)}`),
    refused,
  };
}
