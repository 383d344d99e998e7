// A wallet's use of the package, type-checked against pkg/index.d.ts by `tsc --strict` (types.test.mjs):
// if a declaration is missing or wrong, this file stops compiling.
import init, { LightNode, WorkerLightNode, simdSupported, wasmVariant, verifyHeaderChain, type LightnodeError, type ExecutionReport } from 'metis-lightnode';
import { createPublicClient, custom } from 'viem';
import { BrowserProvider } from 'ethers';

export async function wallet(): Promise<void> {
  await init();
  const variant: 'simd' | 'scalar' | 'custom' | null = wasmVariant();
  const simd: boolean = simdSupported();
  const node = await LightNode.create({
    chain: 'lazai',
    rpc: ['https://rpc.example'],
    checkpoint: { number: 1, hash: '0x00' },
    store: 'indexeddb',
    onProgress: ({ linked, target }) => console.log(linked, target, variant, simd),
  });
  const client = createPublicClient({ transport: custom(node.provider) });
  const balance: bigint = await client.getBalance({ address: '0x0000000000000000000000000000000000000001' });
  const provider = new BrowserProvider(node.provider);
  await provider.getBlockNumber();
  const head: number = await node.sync();
  const header = await node.header(head);
  const hash: `0x${string}` = header.hash;
  const report: ExecutionReport = await node.verifyBlockExecution(head, { onProgress: ({ done, transactions }) => done / transactions });
  const owned = await node.dat.verifyOwnership({ contract: '0x01', tokenId: 1n, owner: '0x02' });
  if (owned.flavour === 'erc1155') console.log(owned.balance, owned.fileUrl);
  else console.log(owned.owns, owned.integrityHash);
  const anchor = await node.dat.verifyDataAnchor({ registry: '0x03', fileId: 1, bytes: new Uint8Array([1]) });
  const proof = await node.inference.verifyProof({ registry: '0x03', verifier: '0x04', fileId: 1, proofIndex: 1 });
  const tally = await node.idao.verifyProposal({ governor: '0x05', proposalId: 1n });
  const vote = await node.idao.verifyVote({ governor: '0x05', proposalId: 1n, voter: '0x06' });
  const seq = await node.verifySequencer(head);
  const check = await node.store.check();
  console.log(balance, hash, report.stateRoot, anchor.hashFunction, proof.signer, tally.state, vote.vote?.support, seq.verdict, check.bytes, node.store.stats().evicted);
  try {
    verifyHeaderChain([], { number: 0, hash: '0x00' });
  } catch (err) {
    const code: LightnodeError['code'] = (err as LightnodeError).code;
    console.log(code);
  }
}

export async function inWorker(): Promise<void> {
  const controller = new AbortController();
  const node = await WorkerLightNode.create({ chain: 'devnet', rpc: 'http://127.0.0.1:8545', checkpoint: { number: 0, hash: '0x00' }, signal: controller.signal });
  const status = await node.status();
  const report = await node.verifyBlockExecution(status.head.number, { signal: controller.signal });
  const tally = await node.idao.verifyProposal({ governor: '0x05', proposalId: '0x1' });
  await node.store.clear();
  console.log(report.gasUsed, tally.for, (await node.store.check()).corrupt);
  node.terminate();
}
