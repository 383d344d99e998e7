// Bundled by esbuild for the Chromium provider test: real viem and ethers on the LightNode provider,
// with IndexedDB-free, in-page verification. Exposes window.providerChecks(config).
import { BrowserProvider, Contract } from 'ethers';
import { createPublicClient, custom } from 'viem';
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
    await node.request({ method: 'eth_accounts' });
  } catch (err) {
    results.unsupportedCode = err.code;
  }
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
