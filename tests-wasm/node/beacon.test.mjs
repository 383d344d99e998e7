// The beacon light client through the CLI and the JS API, against a beacon API that answers from
// recorded mainnet data: what it proves, and each lie refused with its code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../harness/cli.mjs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import init, * as ml from '../../pkg/index.js';
import { RECORDED_FINALIZED, RECORDED_NOW, RECORDED_ROOT, startBeaconApi } from '../harness/beacon.mjs';

const specDir = new URL('../../../shared/fixtures/beacon/spec-minimal/', import.meta.url);
let honest;
let liar;

const run = runCli;

/** Flips one byte of a hex string. */
const flip = (hex, at) => `${hex.slice(0, 2 + at * 2)}${(parseInt(hex.slice(2 + at * 2, 4 + at * 2), 16) ^ 1).toString(16).padStart(2, '0')}${hex.slice(4 + at * 2)}`;

before(async () => {
  await init();
  honest = await startBeaconApi({ missing: ['optimistic_update'] });
  liar = await startBeaconApi({
    lie: (path, body) => {
      if (path === 'finality_update') body.data.sync_aggregate.sync_committee_signature = flip(body.data.sync_aggregate.sync_committee_signature, 40);
    },
  });
});

after(async () => {
  await honest?.close();
  await liar?.close();
});

test('light-client-test runs the consensus-spec vectors: 6 passed, 0 failed', async () => {
  const { code, stdout } = await run(['light-client-test', specDir.pathname]);
  assert.equal(code, 0, stdout);
  assert.equal(stdout.trim().split('\n').at(-1), '6 passed, 0 failed');
});

test('beacon-sync proves the finalized execution block; a server without the optimistic endpoint is no obstacle', async () => {
  const { code, stdout, stderr } = await run(['beacon-sync', '--beacon-api', honest.url, '--beacon-checkpoint', RECORDED_ROOT, '--now', String(RECORDED_NOW)]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, new RegExp(`finalized: slot 7109344, execution block ${RECORDED_FINALIZED.number} ${RECORDED_FINALIZED.hash}`));
  assert.match(stdout, /period 867/);
});

test('beacon-sync refuses a lying server with exit status 1 and fails over to an honest one', async () => {
  const lying = await run(['beacon-sync', '--beacon-api', liar.url, '--beacon-checkpoint', RECORDED_ROOT, '--now', String(RECORDED_NOW)]);
  assert.equal(lying.code, 1);
  assert.match(lying.stderr, /BEACON_SIGNATURE_INVALID/);
  const old = await run(['beacon-sync', '--beacon-api', honest.url, '--beacon-checkpoint', RECORDED_ROOT, '--now', String(RECORDED_NOW + 30 * 86400)]);
  assert.equal(old.code, 1);
  assert.match(old.stderr, /BEACON_CHECKPOINT_TOO_OLD/);
  const down = await run(['beacon-sync', '--beacon-api', 'http://127.0.0.1:9', '--beacon-api', honest.url, '--beacon-checkpoint', RECORDED_ROOT, '--now', String(RECORDED_NOW)]);
  assert.equal(down.code, 0, down.stderr);
});

test('beaconSync in the JS API proves the same block, and refuses the liar with a typed error', async () => {
  const status = await ml.beaconSync({ api: honest.url, checkpoint: RECORDED_ROOT, now: RECORDED_NOW });
  assert.equal(status.finalized.number, RECORDED_FINALIZED.number);
  assert.equal(status.finalized.hash, RECORDED_FINALIZED.hash);
  assert.equal(status.period, 867);
  await assert.rejects(ml.beaconSync({ api: liar.url, checkpoint: RECORDED_ROOT, now: RECORDED_NOW }), (err) => err.code === 'BEACON_SIGNATURE_INVALID');
  await assert.rejects(ml.beaconSync({ api: honest.url, checkpoint: `0x${'11'.repeat(32)}`, now: RECORDED_NOW }), (err) => err.code === 'BEACON_UNAVAILABLE');
});

test('lightClientTest in the JS API (the full module, loaded on first use) passes every spec vector, and fails one with a flipped byte', async () => {
  const folders = [];
  for (const fork of readdirSync(specDir)) for (const name of readdirSync(new URL(`${fork}/`, specDir))) folders.push(new URL(`${fork}/${name}/`, specDir));
  assert.equal(folders.length, 6);
  for (const folder of folders) {
    const files = Object.fromEntries(readdirSync(folder).filter((f) => statSync(new URL(f, folder)).isFile()).map((f) => [f, new Uint8Array(readFileSync(new URL(f, folder)))]));
    assert.ok((await ml.lightClientTest(files)) > 0, folder.pathname);
    const broken = { ...files, 'bootstrap.ssz_snappy': files['bootstrap.ssz_snappy'].slice(0, 100) };
    await assert.rejects(ml.lightClientTest(broken), (err) => err.code === 'BEACON_UPDATE_INVALID');
  }
});
