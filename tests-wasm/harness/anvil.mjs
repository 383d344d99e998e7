// Starts a real anvil (npm @foundry-rs/anvil-linux-amd64) on 127.0.0.1 and stops it; shared by the
// Node tests, the browser tests and the demo.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Path of the anvil binary shipped inside the npm package. */
export function anvilPath() {
  return join(dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil');
}

/** Sends one JSON-RPC request and returns its result (throws on an error answer). */
export async function rpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Resolves to the receipt of transaction `hash` once it is mined. */
export async function waitForReceipt(url, hash) {
  for (;;) {
    const receipt = await rpc(url, 'eth_getTransactionReceipt', [hash]);
    if (receipt) return receipt;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts anvil on `port` (0 picks a free one) and resolves once it answers. */
export async function startAnvil({ port = 0, args = [] } = {}) {
  const child = spawn(anvilPath(), ['--host', '127.0.0.1', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`anvil exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`anvil did not start: ${output}`)), 20_000).unref();
  });
  const actualPort = await listening;
  const url = `http://127.0.0.1:${actualPort}`;
  return {
    url,
    port: actualPort,
    rpc: (method, params) => rpc(url, method, params),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}
