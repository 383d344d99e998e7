// A beacon API answering from recorded mainnet light-client data (helios's Capella recordings):
// bootstrap, updates by period, finality and optimistic updates, as a beacon node serves them. It can
// leave endpoints out (404) or rewrite an answer the way a lying server would.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const dir = new URL('../../../shared/fixtures/beacon/helios-mainnet-capella/', import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

/** The trusted root of the recorded bootstrap. */
export const RECORDED_ROOT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
/** Unix seconds one slot after the newest recorded signature: the clock the data was made under. */
export const RECORDED_NOW = 1606824023 + 7109432 * 12;
/** The finalized execution block the recorded finality update proves. */
export const RECORDED_FINALIZED = { number: 17923026, hash: '0xbc8499537876e5406c7a65e25f99063f1cd85a17014a3aa5ade38271b1fbf64f' };

export async function startBeaconApi({ missing = [], lie = null } = {}) {
  const updates = load('updates.json');
  const period = (u) => Math.floor(Number(u.data.attested_header.beacon.slot) / 8192);
  const state = { missing, lie, requests: [] };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    state.requests.push(url.pathname);
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    const path = url.pathname.replace(/^\/eth\/v1\/beacon\/light_client\//, '');
    let body = null;
    if (path === `bootstrap/${RECORDED_ROOT}`) body = load('bootstrap.json');
    else if (path === 'updates') {
      const start = Number(url.searchParams.get('start_period'));
      const count = Number(url.searchParams.get('count'));
      body = updates.filter((u) => period(u) >= start && period(u) < start + count);
    } else if (path === 'finality_update') body = load('finality.json');
    else if (path === 'optimistic_update') body = load('optimistic.json');
    if (body === null || state.missing.includes(path)) {
      res.writeHead(404, { 'content-type': 'application/json', ...cors });
      res.end('{"code":404,"message":"not found"}');
      return;
    }
    if (state.lie) state.lie(path, body);
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    res.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, state, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * The execution headers of the recorded beacon blocks (7109344, 7109430, 7109431), as
 * `eth_getBlockByNumber(n, false)` answers them; `ml` (the initialized package) computes the roots.
 */
export function recordedExecutionBlocks(ml) {
  const hex = (decimal) => `0x${BigInt(decimal).toString(16)}`;
  return [7109344, 7109430, 7109431].map((slot) => {
    const p = load(`blocks/${slot}.json`).data.message.body.execution_payload;
    const withdrawals = p.withdrawals.map((w) => ({ index: hex(w.index), validatorIndex: hex(w.validator_index), address: w.address, amount: hex(w.amount) }));
    return {
      number: hex(p.block_number), hash: p.block_hash, parentHash: p.parent_hash,
      sha3Uncles: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
      miner: p.fee_recipient, stateRoot: p.state_root, transactionsRoot: ml.transactionsRoot(p.transactions),
      receiptsRoot: p.receipts_root, logsBloom: p.logs_bloom, difficulty: '0x0', gasLimit: hex(p.gas_limit), gasUsed: hex(p.gas_used),
      timestamp: hex(p.timestamp), extraData: p.extra_data, mixHash: p.prev_randao, nonce: '0x0000000000000000',
      baseFeePerGas: hex(p.base_fee_per_gas), withdrawalsRoot: ml.withdrawalsRoot(withdrawals),
    };
  });
}

/**
 * An execution JSON-RPC for chain 1 that knows only the recorded blocks' headers, and claims a head
 * far past them (a claim a node anchored by the sync committee must not act on).
 */
export async function startRecordedExecution(ml) {
  const blocks = new Map(recordedExecutionBlocks(ml).map((b) => [Number(b.number), b]));
  const answer = (call) => {
    if (call.method === 'eth_chainId') return '0x1';
    if (call.method === 'eth_blockNumber') return '0x2000000';
    if (call.method === 'eth_getBlockByNumber') return blocks.get(Number(call.params[0])) ?? null;
    return null;
  };
  const server = createServer(async (req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body);
    const reply = (call) => ({ jsonrpc: '2.0', id: call.id, result: answer(call) });
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    res.end(JSON.stringify(Array.isArray(request) ? request.map(reply) : reply(request)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, blocks, close: () => new Promise((resolve) => server.close(resolve)) };
}
