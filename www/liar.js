// A lying RPC server, simulated inside the node's worker: when switched on, every answer the node
// fetches is changed the way a compromised server would change it (same shape, different value).

/** Flips the last hex digit of a 0x string. */
const flip = (s) => (s === '0x' ? '0x00' : s.slice(0, -1) + (s.endsWith('0') ? '1' : '0'));

/** Flips a hex digit in the middle of a proof node: the node no longer hashes to its reference. */
const corrupt = (node) => node.slice(0, 10) + (node[10] === 'f' ? 'e' : 'f') + node.slice(11);

/** The lie told about each kind of answer; answers not listed pass unchanged. */
const LIES = {
  eth_getBlockByNumber: (b) => ({ ...b, stateRoot: flip(b.stateRoot) }),
  eth_getBlockByHash: (b) => ({ ...b, stateRoot: flip(b.stateRoot) }),
  eth_getProof: (p) => ({
    ...p,
    accountProof: p.accountProof.map((n, i) => (i === p.accountProof.length - 1 ? corrupt(n) : n)),
    storageProof: p.storageProof.map((s) => ({ ...s, value: flip(s.value) })),
  }),
  eth_getCode: flip,
  eth_call: flip,
  eth_getBlockReceipts: (rs) => rs.map((r, i) => (i === 0 ? { ...r, cumulativeGasUsed: flip(r.cumulativeGasUsed) } : r)),
  eth_getTransactionReceipt: (r) => ({ ...r, cumulativeGasUsed: flip(r.cumulativeGasUsed) }),
  eth_getLogs: (logs) => logs.map((l) => ({ ...l, data: flip(l.data) })),
  debug_traceBlockByNumber: () => [],
};

/** A beacon API answer with its sync-committee signature (or the bootstrap's committee branch) changed. */
function lieAboutBeacon(body) {
  const sign = (u) => ({ ...u, data: { ...u.data, sync_aggregate: { ...u.data.sync_aggregate, sync_committee_signature: flip(u.data.sync_aggregate.sync_committee_signature) } } });
  if (Array.isArray(body)) return body.map(sign);
  if (body?.data?.sync_aggregate) return sign(body);
  if (body?.data?.current_sync_committee_branch) {
    const [first, ...rest] = body.data.current_sync_committee_branch;
    return { ...body, data: { ...body.data, current_sync_committee_branch: [flip(first), ...rest] } };
  }
  return body;
}

function lieAbout(request, answer) {
  const lie = LIES[request?.method];
  if (!lie || answer?.result == null) return answer;
  return { ...answer, result: lie(answer.result) };
}

/**
 * Wraps the worker's `fetch`: JSON-RPC answers are rewritten by the lies above while `isLying()`.
 * The node's own fetch transport picks up the wrapper, as any page's fetch override would.
 */
export function installLiar(isLying) {
  const honest = self.fetch.bind(self);
  self.fetch = async (url, init) => {
    const res = await honest(url, init);
    if (isLying() && String(url).includes('/eth/v1/beacon/light_client/') && res.ok && res.headers.get('content-type')?.includes('json')) {
      return new Response(JSON.stringify(lieAboutBeacon(await res.json())), { status: res.status, headers: { 'content-type': 'application/json' } });
    }
    if (!isLying() || typeof init?.body !== 'string') return res;
    const request = JSON.parse(init.body);
    const answer = await res.json();
    const lied = Array.isArray(answer)
      ? answer.map((a) => lieAbout(Array.isArray(request) ? request.find((r) => r.id === a.id) : request, a))
      : lieAbout(request, answer);
    return new Response(JSON.stringify(lied), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
}
