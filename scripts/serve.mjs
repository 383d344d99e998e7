// Static server for the page, pkg/ and www/ on 127.0.0.1, with COOP/COEP so wasm threads can work.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.ts': 'text/plain',
};

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks one), plus JSON `routes`; resolves to `{url, close}`.
 * With `cache`, served as a CDN would: files under /assets/ (a bundler's hashed names) may be kept a
 * year, and bodies are gzipped for clients that accept it.
 */
export function serve(root, port = 0, routes = {}, { cache = false } = {}) {
  const zipped = new Map();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (routes[path]) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin' });
      res.end(JSON.stringify(routes[path]()));
      return;
    }
    let file = join(root, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      const gzip = cache && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (gzip) {
        if (!zipped.has(file)) zipped.set(file, gzipSync(body));
        body = zipped.get(file);
      }
      res.writeHead(200, {
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': cache && path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({ url: `http://127.0.0.1:${actual}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const { url } = await serve(root, Number(process.env.PORT ?? 8080));
  console.log(`serving ${root} at ${url}`);
}
