// A lying RPC: an HTTP proxy in front of anvil that can record the honest exchange or change one
// answer in it (by method and occurrence), so tests can check that every lie is refused.
import { createServer } from 'node:http';

export async function startLiar(upstream) {
  const state = { mode: 'honest', record: [], mutation: null, seen: new Map() };
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  async function handle(req, res) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST' });
      res.end();
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const upstreamRes = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    let text = await upstreamRes.text();
    const request = JSON.parse(body);
    const calls = Array.isArray(request) ? request : [request];
    let answers = JSON.parse(text);
    const list = Array.isArray(answers) ? answers : [answers];
    for (const call of calls) {
      const answer = list.find((a) => a.id === call.id);
      const occurrence = state.seen.get(call.method) ?? 0;
      state.seen.set(call.method, occurrence + 1);
      if (state.mode !== 'honest') state.record.push({ method: call.method, occurrence, params: call.params, answer: structuredClone(answer) });
      const m = state.mutation;
      if (state.mode === 'lie' && m && m.method === call.method && m.occurrence === occurrence && answer) {
        const lied = m.apply({ answer, call, list, request });
        if (typeof lied === 'string') text = lied;
        else text = JSON.stringify(Array.isArray(answers) ? list : list[0]);
        state.applied = true;
      }
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(text);
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    /** Records the honest exchange of `fn`. */
    async record(fn) {
      Object.assign(state, { mode: 'record', record: [], seen: new Map() });
      try {
        return await fn();
      } finally {
        state.mode = 'honest';
      }
    },
    get recorded() {
      return state.record;
    },
    /** Runs `fn` with `mutation` applied (the exchange recorded as in `record`); tells whether it was applied at all. */
    async lie(mutation, fn) {
      Object.assign(state, { mode: 'lie', mutation, seen: new Map(), applied: false, record: [] });
      try {
        const outcome = await fn().then((value) => ({ value }), (error) => ({ error }));
        return { ...outcome, applied: state.applied };
      } finally {
        state.mode = 'honest';
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Flips the last hex digit: same shape, different value. */
export const flipHex = (s) => (s === '0x' ? '0x00' : s.slice(0, -1) + (s.endsWith('0') ? '1' : '0'));

/** Every path to a hex string inside `value`. */
export function hexPaths(value, path = []) {
  if (typeof value === 'string' && value.startsWith('0x')) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => hexPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => hexPaths(v, [...path, k]));
  return [];
}

/** Every path to an array inside `value` (for drop, duplicate and reorder lies). */
export function arrayPaths(value, path = []) {
  const here = Array.isArray(value) && value.length > 0 ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => arrayPaths(v, [...path, i]))];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => arrayPaths(v, [...path, k]));
  return here;
}

export function getAt(obj, path) {
  return path.reduce((o, k) => o?.[k], obj);
}

export function setAt(obj, path, value) {
  const parent = getAt(obj, path.slice(0, -1));
  parent[path.at(-1)] = value;
}
