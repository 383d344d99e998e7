// Launches Debian's headless Chromium through playwright-core with the flags this machine needs.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Chromium with a fresh profile, or the profile in `dir` (to reopen what a killed browser left). */
export async function launchBrowser(dir = mkdtempSync(join(tmpdir(), 'ml-chromium-'))) {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
