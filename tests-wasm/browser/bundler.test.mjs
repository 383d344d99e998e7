// The npm package in a bundler: a small app built by Vite against pkg/ runs in Chromium; the
// bundled wasm loads by its hashed URL, a verifier checks a mainnet block, a bad input is refused,
// and the worker of WorkerLightNode is shipped with the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { launchBrowser } from '../harness/browser.mjs';

const root = new URL('../../', import.meta.url).pathname;

test('a Vite-built app verifies with the package in Chromium', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ml-vite-'));
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', join(root, 'tests-wasm/bundler/vite.config.mjs'), '--outDir', out], { cwd: root, stdio: 'pipe' });
  const assets = readdirSync(join(out, 'assets'));
  assert.ok(assets.some((a) => a.endsWith('.wasm')), `the wasm is an asset: ${assets}`);
  assert.ok(assets.some((a) => a.startsWith('worker')), `the worker is bundled: ${assets}`);
  const server = await serve(out, 0);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.result);
    const result = await page.evaluate(() => window.result);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.hash, result.expected);
    assert.match(String(result.refused), /^[A-Z_]+$/, 'a bad input throws a coded error');
    assert.deepEqual(result.classes, ['function', 'function']);
    assert.match(await page.textContent('#out'), /verified/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
