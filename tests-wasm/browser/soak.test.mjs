// A short slice of the soak (`node scripts/soak.mjs` runs 10,000): 1,000 mixed requests from the
// page's node in Chromium, every one answered as anvil answers it, and memory that levels off
// after warm-up (the figures are printed; the bound only catches a leak of a request's size).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { soak } from '../harness/soak.mjs';

test('1,000 mixed requests in Chromium: all answered as anvil answers, memory levels off', async () => {
  const r = await soak({ requests: 1_000 });
  const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
  console.log(`# JS heap ${mb(r.start.jsHeap)} -> ${mb(r.end.jsHeap)} MB, wasm ${mb(r.start.wasm)} -> ${mb(r.end.wasm)} MB (after ${r.start.done} -> ${r.end.done} requests)`);
  assert.deepEqual([r.requests, r.errors, r.wrong], [1_000, 0, 0]);
  assert.ok(r.end.jsHeap - r.start.jsHeap < 16 * 2 ** 20, 'the JS heap levels off');
  assert.ok(r.end.wasm - r.start.wasm < 32 * 2 ** 20, 'wasm memory levels off');
});
