// The soak: `node scripts/soak.mjs [--requests N]` (default 10,000) runs the page's node in headless
// Chromium through N mixed requests against a seeded anvil (a block mined every 100), every answer
// compared with anvil's own, and prints the JS heap and wasm memory after the first 100 and at the
// end. Asserts nothing; the CI slice is tests-wasm/browser/soak.test.mjs.
import { soak } from '../tests-wasm/harness/soak.mjs';

const i = process.argv.indexOf('--requests');
const requests = i > 0 ? Number(process.argv[i + 1]) : 10_000;
const started = Date.now();
const r = await soak({ requests, log: (line) => console.log(line) });
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(`${r.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s: ${r.errors} errors, ${r.wrong} answers unlike anvil's`);
console.log(`JS heap after GC: ${mb(r.start.jsHeap)} MB after ${r.start.done} requests, ${mb(r.end.jsHeap)} MB after ${r.end.done}`);
console.log(`wasm memory:      ${mb(r.start.wasm)} MB after ${r.start.done} requests, ${mb(r.end.wasm)} MB after ${r.end.done}`);
