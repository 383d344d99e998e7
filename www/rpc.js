// Untrusted JSON-RPC over fetch, with an optional liar that mutates every answer (for the demo switch).

/** Flips the last hex digit of a 0x string: same shape, different value. */
const flip = (s) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');

/** One lie per kind of answer: what a compromised server would change. */
function lie(method, result) {
  if (result == null || typeof result !== 'object') return result;
  const out = structuredClone(result);
  if (method === 'eth_getProof') {
    const i = out.accountProof.length - 1;
    out.accountProof[i] = out.accountProof[i].slice(0, 10) + (out.accountProof[i][10] === 'f' ? 'e' : 'f') + out.accountProof[i].slice(11);
  } else if (method.startsWith('eth_getBlockBy')) {
    out.stateRoot = flip(out.stateRoot);
  } else if (method === 'eth_getBlockReceipts' && out.length > 0) {
    out[0].cumulativeGasUsed = flip(out[0].cumulativeGasUsed);
  }
  return out;
}

export class Rpc {
  constructor(url, { lying = false } = {}) {
    this.url = url;
    this.lying = lying;
    this.calls = 0;
  }

  /** Sends `[[method, params], ...]` as one JSON-RPC batch; results come back in request order. */
  async batch(requests) {
    this.calls += 1;
    const body = requests.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }));
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`RPC answered HTTP ${res.status}`);
    const answers = await res.json();
    if (!Array.isArray(answers)) throw new Error('RPC answered a batch with something that is not a list');
    return requests.map(([method], id) => {
      const answer = answers.find((a) => a.id === id);
      if (!answer) throw new Error(`RPC dropped request ${id} (${method}) from the batch`);
      if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
      return this.lying ? lie(method, answer.result) : answer.result;
    });
  }

  async call(method, params = []) {
    const [result] = await this.batch([[method, params]]);
    return result;
  }
}
