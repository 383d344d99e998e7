// An l2geth-format RPC for an Andromeda-shaped devnet: in front of anvil (run with
// `--hardfork berlin`, so headers have l2geth's 15 fields and their own consistent hashes), it
// serves every transaction object with l2geth's metadata and a sequencer signature over the
// transaction hash (seqR, seqS, seqV), made with the key `keyFor(blockNumber)` returns at answer
// time ('l1' marks the transaction as L1-to-L2 without a signature, null omits the signature).
// Metadata is not committed by any root, so a test can re-sign a block to tell a lie. `forge(number,
// fields)` serves that block's header with `fields` changed and its hash recomputed (a fork a liar
// builds on a real signed transaction); `forge(number, null)` serves it honestly again.
import { createServer } from 'node:http';
import { sign } from 'viem/accounts';
import { keccak256, toHex, toRlp } from 'viem';

const TX_METHODS = new Set(['eth_getBlockByNumber', 'eth_getBlockByHash', 'eth_getTransactionByHash', 'eth_getTransactionByBlockNumberAndIndex']);

async function withMetadata(tx, keyFor) {
  if (!tx || typeof tx !== 'object' || !tx.hash) return tx;
  const number = Number(tx.blockNumber);
  const key = await keyFor(number);
  const meta = { l1BlockNumber: '0x1', l1Timestamp: '0x0', l1MessageSender: null, index: toHex(number - 1), queueIndex: null, rawTransaction: null };
  if (key === 'l1') return { ...tx, ...meta, queueOrigin: 'l1' };
  if (!key) return { ...tx, ...meta, queueOrigin: 'sequencer' };
  const sig = await sign({ hash: tx.hash, privateKey: key });
  return { ...tx, ...meta, queueOrigin: 'sequencer', seqR: toHex(BigInt(sig.r)), seqS: toHex(BigInt(sig.s)), seqV: toHex(sig.yParity) };
}

const HEADER_FIELDS = ['parentHash', 'sha3Uncles', 'miner', 'stateRoot', 'transactionsRoot', 'receiptsRoot', 'logsBloom', 'difficulty', 'number', 'gasLimit', 'gasUsed', 'timestamp', 'extraData', 'mixHash', 'nonce'];
const QUANTITIES = new Set(['difficulty', 'number', 'gasLimit', 'gasUsed', 'timestamp']);
const bytes = (quantity) => {
  const hex = BigInt(quantity).toString(16);
  return hex === '0' ? '0x' : `0x${hex.length % 2 ? '0' : ''}${hex}`;
};

/** keccak256 of l2geth's 15-field header. */
export const headerHash = (block) => keccak256(toRlp(HEADER_FIELDS.map((f) => (QUANTITIES.has(f) ? bytes(block[f]) : block[f]))));

async function rewrite(call, answer, keyFor, forged) {
  if (!answer?.result || !TX_METHODS.has(call.method)) return answer;
  const result = answer.result;
  const fields = forged.get(Number(result.number));
  if (fields && result.stateRoot) {
    Object.assign(result, fields);
    result.hash = headerHash(result);
  }
  if (Array.isArray(result.transactions)) {
    result.transactions = await Promise.all(result.transactions.map((tx) => withMetadata(tx, keyFor)));
    return answer;
  }
  return { ...answer, result: await withMetadata(result, keyFor) };
}

export async function startL2geth(upstream, { keyFor }) {
  const forged = new Map();
  const server = createServer(async (req, res) => {
    // A page's JSON POST is preflighted.
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST' });
      res.end();
      return;
    }
    try {
      let body = '';
      for await (const chunk of req) body += chunk;
      const request = JSON.parse(body);
      const upstreamRes = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answers = await upstreamRes.json();
      const calls = Array.isArray(request) ? request : [request];
      const list = Array.isArray(answers) ? answers : [answers];
      const rewritten = await Promise.all(list.map((a) => rewrite(calls.find((c) => c.id === a.id) ?? {}, a, keyFor, forged)));
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(Array.isArray(answers) ? rewritten : rewritten[0]));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const forge = (number, fields) => (fields ? forged.set(number, fields) : forged.delete(number));
  return { url: `http://127.0.0.1:${server.address().port}`, forge, close: () => new Promise((resolve) => server.close(resolve)) };
}
