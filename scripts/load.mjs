// Load on the verifying proxy: `npm run load [-- --clients N --seconds S | --rounds R --bin PATH]`
// starts a seeded anvil and `metis-lightnode serve` on it, then N clients (default 1000) send
// eth_getBalance, eth_call and eth_getStorageAt for S seconds (default 60; or R rounds each), every
// answer checked against anvil's own. Prints throughput, latency, errors, wrong answers and the
// proxy's resident memory at the start and the end; asserts nothing. `--bin` measures another build.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { startAnvil } from '../tests-wasm/harness/anvil.mjs';
import { seedDevnet } from '../tests-wasm/harness/seed.mjs';
import { swarm } from '../tests-wasm/harness/swarm.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const root = new URL('..', import.meta.url).pathname;
const bin = arg('bin', `${root}target/release/metis-lightnode`);
const clients = Number(arg('clients', 1000));
const rounds = Number(arg('rounds', 0));
const seconds = rounds ? undefined : Number(arg('seconds', 60));
/** A process's resident memory, in MB (Linux). */
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const anvil = await startAnvil({ args: ['--no-mining', '--order', 'fifo'] });
const seed = await seedDevnet(anvil.url);
const genesis = await anvil.rpc('eth_getBlockByNumber', ['0x0', false]);
const head = await anvil.rpc('eth_blockNumber', []);
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
});
const proxy = spawn(bin, ['serve', '--chain', 'devnet', '--rpc', anvil.url, '--checkpoint', genesis.hash, '--listen', `127.0.0.1:${port}`]);
try {
  await new Promise((resolve, reject) => {
    let err = '';
    proxy.stderr.on('data', (d) => { err += d; if (err.includes('verifying proxy')) resolve(); });
    proxy.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  const balanceOf = `0x70a08231${seed.authority.slice(2).padStart(64, '0')}`;
  const calls = [
    ['eth_getBalance', [seed.authority, head]],
    ['eth_call', [{ to: seed.token, data: balanceOf }, head]],
    ['eth_getStorageAt', [seed.contract, '0x0', head]],
  ];
  const expected = await Promise.all(calls.map(([method, params]) => anvil.rpc(method, params).then((expect) => ({ method, params, expect }))));
  const rssStart = rssMb(proxy.pid);
  const result = await swarm(`http://127.0.0.1:${port}`, { clients, rounds, seconds, calls: expected });
  const rssEnd = rssMb(proxy.pid);
  const f = (x) => x.toFixed(1);
  console.log(`${bin}: ${clients} clients, ${seconds ? `${seconds} s` : `${rounds} rounds`} of ${calls.length} calls each`);
  console.log(`  ${result.requests} answers in ${f(result.ms / 1000)} s: ${f(result.perSecond)} per second; latency p50 ${f(result.p50)} ms, p99 ${f(result.p99)} ms, max ${f(result.max)} ms; ${result.errors} errors, ${result.wrong.length} wrong`);
  console.log(`  proxy RSS ${f(rssStart)} MB at the start, ${f(rssEnd)} MB at the end`);
} finally {
  proxy.kill();
  await anvil.stop();
}
