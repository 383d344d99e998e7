// A faulty RPC: an HTTP proxy in front of anvil whose fault can be switched while a test runs. It
// drops the connection, stalls (never answers), answers late, answers HTTP 500, or lies about every
// eth_getProof balance it passes on; `ok` passes everything through.
import { createServer } from 'node:http';

export const FAULTS = ['ok', 'drop', 'stall', 'slow', 'http500', 'lie'];

export async function startFaulty(upstream, { slowMs = 1_500 } = {}) {
  const state = { fault: 'ok', requests: 0 };
  const stalled = new Set();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    state.requests += 1;
    const fault = state.fault;
    if (fault === 'drop') return req.socket.destroy();
    if (fault === 'stall') return stalled.add(res);
    if (fault === 'http500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('internal error');
    }
    if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, slowMs));
    const answer = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json());
    if (fault === 'lie') {
      const calls = [].concat(JSON.parse(body));
      for (const a of [].concat(answer)) {
        const call = calls.find((c) => c.id === a.id);
        if (call?.method === 'eth_getProof' && a.result) a.result.balance = `0x${(BigInt(a.result.balance) + 10n ** 30n).toString(16)}`;
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  server.keepAliveTimeout = 1;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get requests() {
      return state.requests;
    },
    /** Switches the fault; `ok` also lets go of stalled requests (their sockets are dropped). */
    set(fault) {
      if (!FAULTS.includes(fault)) throw new Error(`no fault ${fault}`);
      state.fault = fault;
      if (fault === 'stall') return;
      for (const res of stalled) res.socket?.destroy();
      stalled.clear();
    },
    close: () => {
      for (const res of stalled) res.socket?.destroy();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
