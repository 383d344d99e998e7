// verifyMptProof on general tries, against @ethereumjs/mpt: every ethereum/tests TrieTests vector is
// built by @ethereumjs/mpt, which proves each key it holds and keys it does not (values held in
// branch nodes, keys of any length among them); our walk must show the value the trie holds, or its
// absence, and never another value when a proof node is changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createMPT, createMerkleProof } from '@ethereumjs/mpt';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@ethereumjs/util';
import { keccak256 } from 'viem';
import init, * as ml from '../../pkg/index.js';

await init();

const fixtures = new URL('../../../shared/fixtures/ethereum-tests/', import.meta.url);
const vectors = (file) => JSON.parse(readFileSync(new URL(file, fixtures), 'utf8'));
/** TrieTests spelling: "0x.." is hex, anything else ASCII; null deletes. */
const bytes = (v) => (v === null ? null : v.startsWith('0x') ? hexToBytes(v) : utf8ToBytes(v));

async function check(name, input, secure) {
  const trie = await createMPT({ useKeyHashing: secure });
  const pairs = Array.isArray(input) ? input : Object.entries(input);
  const keys = [];
  for (const [k, v] of pairs) {
    const key = bytes(k);
    keys.push(key);
    const value = bytes(v);
    if (value === null || value.length === 0) await trie.del(key);
    else await trie.put(key, value);
  }
  // Absent keys beside the present ones: a prefix, an extension and a longer key of each.
  const probes = keys.flatMap((k) => [k, k.slice(0, -1), new Uint8Array([...k, 0]), new Uint8Array([...k, 0x7f, 0x01, 0x02])]);
  const root = bytesToHex(trie.root());
  let proven = 0;
  for (const key of probes) {
    const proof = (await createMerkleProof(trie, key)).map(bytesToHex);
    const path = secure ? keccak256(key) : bytesToHex(key);
    const expected = await trie.get(key);
    const got = ml.verifyMptProof(root, path, proof);
    assert.equal(got, expected === null ? null : bytesToHex(expected), `${name}: key ${bytesToHex(key)}`);
    if (got !== null) proven += 1;
    // Any node changed: refused, or (for an inline node @ethereumjs/mpt also lists on its own, which
    // the walk reads from its hashed parent) the same answer; never another value.
    for (let i = 0; i < proof.length; i += 1) {
      const bent = proof.map((node, j) => (j === i ? `${node.slice(0, -2)}${node.endsWith('00') ? '01' : '00'}` : node));
      let answer;
      try {
        answer = ml.verifyMptProof(root, path, bent);
      } catch (e) {
        assert.equal(e.code, 'PROOF_INVALID', `${name}: node ${i}`);
        continue;
      }
      assert.ok(i > 0 && answer === got, `${name}: node ${i} changed, answer ${answer}`);
    }
  }
  return proven;
}

test('every TrieTests trie proves its keys and their absent neighbours as @ethereumjs/mpt does', async () => {
  let proven = 0;
  let tries = 0;
  for (const [file, secure] of [['trietest.json', false], ['trieanyorder.json', false], ['trietest_secureTrie.json', true], ['trieanyorder_secureTrie.json', true]]) {
    for (const [name, vector] of Object.entries(vectors(file))) {
      proven += await check(`${file} ${name}`, vector.in, secure);
      tries += 1;
    }
  }
  assert.equal(tries, 22);
  assert.ok(proven > 50, `${proven} values proven`);
});

test('a value held in a branch node and a key of 40 bytes are proven', async () => {
  const trie = await createMPT();
  const long = new Uint8Array(40).fill(0x11);
  for (const [k, v] of [['do', 'verb'], ['dog', 'puppy'], ['doge', 'coin'], ['horse', 'stallion']]) await trie.put(utf8ToBytes(k), utf8ToBytes(v));
  await trie.put(long, utf8ToBytes('long'));
  const root = bytesToHex(trie.root());
  const prove = async (key) => ml.verifyMptProof(root, bytesToHex(key), (await createMerkleProof(trie, key)).map(bytesToHex));
  assert.equal(await prove(utf8ToBytes('do')), bytesToHex(utf8ToBytes('verb')), "'do' ends at the branch above 'dog'");
  assert.equal(await prove(utf8ToBytes('doge')), bytesToHex(utf8ToBytes('coin')));
  assert.equal(await prove(long), bytesToHex(utf8ToBytes('long')));
  assert.equal(await prove(utf8ToBytes('d')), null);
});
