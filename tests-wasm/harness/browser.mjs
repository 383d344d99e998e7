// Launches Debian's headless Chromium through playwright-core with the flags this machine needs.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Chromium with a fresh profile, removed when the browser closes, or the profile in `dir` (to reopen
 * what a killed browser left), which is the caller's to remove.
 */
export async function launchBrowser(dir) {
  const profile = dir ?? mkdtempSync(join(tmpdir(), 'ml-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Chromium may still be writing the profile as the context closes: retried, and left to the test
  // run's temporary directory (removed at exit) if it still fails.
  if (dir === undefined) context.on('close', () => rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => {}));
  return context;
}

/**
 * Serves the repository and opens `path` in a fresh Chromium, waiting for the page's `window.ready`;
 * `close()` stops both.
 */
export async function openTestPage(path) {
  const { serve } = await import('../../scripts/serve.mjs');
  const server = await serve(new URL('../../', import.meta.url).pathname, 0);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(`${server.url}/${path}`);
  await page.waitForFunction(() => window.ready);
  return { page, close: async () => { await browser.close(); await server.close(); } };
}
