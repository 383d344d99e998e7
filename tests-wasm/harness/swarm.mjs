// Many JSON-RPC clients at once against one endpoint: each sends its calls one after another and
// checks every answer against the expected one. Returns latencies and mismatches; times nothing
// itself beyond recording each call's wall time.
import { performance } from 'node:perf_hooks';

/**
 * `clients` clients each send `rounds` rounds of `calls` ([{method, params, expect}]) to `url`, or,
 * with `seconds`, rounds until that time is up. A failed request (no answer, an error, a bad body) is
 * counted in `errors`; an answer that differs from the expected one in `wrong`.
 */
export async function swarm(url, { clients, rounds = 1, seconds, calls }) {
  const latencies = [];
  const wrong = [];
  let errors = 0;
  const deadline = seconds ? performance.now() + seconds * 1000 : Infinity;
  const more = (r) => (seconds ? performance.now() < deadline : r < rounds);
  const client = async (c) => {
    for (let r = 0; more(r); r += 1) {
      for (const { method, params, expect } of calls) {
        const start = performance.now();
        let answer;
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: c, method, params }) });
          answer = await response.json();
        } catch {
          errors += 1;
          continue;
        }
        latencies.push(performance.now() - start);
        if (answer.error) errors += 1;
        else if (answer.id !== c || JSON.stringify(answer.result) !== JSON.stringify(expect)) wrong.push({ method, answer });
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const ms = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: latencies.length, ms, perSecond: latencies.length / (ms / 1000), p50: at(0.5), p99: at(0.99), max: latencies.at(-1), wrong, errors };
}
