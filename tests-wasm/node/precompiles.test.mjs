// MetisVM's precompiles in the wasm (blst for BLS12-381 and KZG, substrate-bn for BN254, the rest) give
// anvil's answers: each `eth_call` below runs on proven state and must equal what anvil (revm,
// natively) returns for the same call, success or failure. The first module runs ecrecover, SHA-256,
// RIPEMD-160 and identity itself; the first call that reaches another precompile moves the node into
// the full module, where it is answered. Valid points and a pairing that holds make sure the curve
// arithmetic runs, not just the input checks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { LightNode, fullModuleLoaded } from '../../pkg/index.js';
import { startAnvil } from '../harness/anvil.mjs';

const hex = (n, bytes) => n.toString(16).padStart(bytes * 2, '0');
const word = (n) => hex(n, 32);
/** An EIP-2537 field element: 64 bytes, the top 16 zero. */
const fp = (n) => hex(n, 64);

// BLS12-381: the base field's modulus and the generators of G1 and G2.
const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
const G1 = [0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn, 0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n];
const G2 = [
  0x024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8n,
  0x13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7en,
  0x0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801n,
  0x0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79ben,
];
const g1 = G1.map(fp).join('');
const negG1 = fp(G1[0]) + fp(P - G1[1]);
const g2 = G2.map(fp).join('');

// BN254: the generator of G1, (1, 2), and a pairing check that holds (EIP-197's test vector).
const bnG1 = word(1n) + word(2n);
const BN_PAIRING =
  '1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa';

// EIP-4844's point evaluation: c-kzg's verify_kzg_proof_case_correct_proof_4_4, the versioned hash
// being the commitment's SHA-256 with its first byte the KZG version (1).
const COMMITMENT = '8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7';
const versionedHash = `01${createHash('sha256').update(Buffer.from(COMMITMENT, 'hex')).digest('hex').slice(2)}`;
const KZG_Z = '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000';
const KZG_Y = '1522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e9';
const KZG_PROOF = 'a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c';
const KZG_WRONG_Y = `${KZG_Y.slice(0, -1)}8`;

const at = (n) => `0x${hex(n, 20)}`;
/** [name, precompile address, input without 0x, whether anvil must succeed]. */
const CALLS = [
  ['ecrecover', 1, `${'11'.repeat(32)}${word(28n)}${'22'.repeat(32)}${'33'.repeat(32)}`, true],
  ['sha256', 2, 'abcdef', true],
  ['ripemd160', 3, 'abcdef', true],
  ['identity', 4, 'abcdef', true],
  ['modexp', 5, `${word(1n)}${word(1n)}${word(1n)}030205`, true],
  ['bn254 add', 6, bnG1 + bnG1, true],
  ['bn254 mul', 7, bnG1 + word(7n), true],
  ['bn254 pairing', 8, BN_PAIRING, true],
  ['bn254 add, a point off the curve', 6, word(1n) + word(3n) + bnG1, false],
  ['bls12-381 G1 add', 0x0b, g1 + g1, true],
  ['bls12-381 G1 msm', 0x0c, g1 + word(5n), true],
  ['bls12-381 G2 add', 0x0d, g2 + g2, true],
  ['bls12-381 G2 msm', 0x0e, g2 + word(9n), true],
  ['bls12-381 pairing e(G1, G2) e(-G1, G2) = 1', 0x0f, g1 + g2 + negG1 + g2, true],
  ['bls12-381 pairing e(G1, G2) e(G1, G2) != 1', 0x0f, g1 + g2 + g1 + g2, true],
  ['bls12-381 map fp to G1', 0x10, fp(12345n), true],
  ['bls12-381 map fp2 to G2', 0x11, fp(12345n) + fp(67890n), true],
  ['bls12-381 G1 add, a point off the curve', 0x0b, fp(G1[0]) + fp(G1[1] + 1n) + g1, false],
  ['kzg point evaluation', 0x0a, versionedHash + KZG_Z + KZG_Y + COMMITMENT + KZG_PROOF, true],
  ['kzg point evaluation, a wrong value', 0x0a, versionedHash + KZG_Z + KZG_WRONG_Y + COMMITMENT + KZG_PROOF, false],
];

let anvil;
let node;

before(async () => {
  anvil = await startAnvil();
  await anvil.rpc('evm_mine', []);
  const genesis = (await anvil.rpc('eth_getBlockByNumber', ['0x0', false])).hash;
  node = await LightNode.create({ chain: 'devnet', rpc: anvil.url, checkpoint: { number: 0, hash: genesis } });
});

after(() => anvil?.stop());

/** What a call answers, or the error it failed with (`{error}`), the same way for anvil and the node. */
async function outcome(call) {
  try {
    return { result: await call() };
  } catch {
    return { error: true };
  }
}

test('the first module answers the precompiles it runs; the first call that reaches another moves the node and is answered as anvil answers', async () => {
  const block = await anvil.rpc('eth_blockNumber', []);
  const ask = (address, input) => {
    const params = [{ to: at(address), data: `0x${input}` }, block];
    return Promise.all([anvil.rpc('eth_call', params), node.request({ method: 'eth_call', params })]);
  };
  for (const [name, address, input] of CALLS.filter(([, address]) => address <= 4)) {
    const [expected, answer] = await ask(address, input);
    assert.equal(answer, expected, name);
  }
  assert.equal(fullModuleLoaded(), false, 'ecrecover, SHA-256, RIPEMD-160 and identity run in the first module');
  const [expected, answer] = await ask(6, bnG1 + bnG1);
  assert.equal(answer, expected);
  assert.equal(fullModuleLoaded(), true, 'BN254 moved the node into the full module');
});

test('each precompile answers in the node as in anvil, valid inputs and invalid', async () => {
  const block = await anvil.rpc('eth_blockNumber', []);
  for (const [name, address, input, succeeds] of CALLS) {
    const params = [{ to: at(address), data: `0x${input}`, gas: '0x1000000' }, block];
    const expected = await outcome(() => anvil.rpc('eth_call', params));
    assert.equal('result' in expected, succeeds, `${name}: anvil ${succeeds ? 'answers' : 'fails'} (a vector of this test is wrong otherwise)`);
    assert.deepEqual(await outcome(() => node.request({ method: 'eth_call', params })), expected, name);
  }
});

test('the pairing checks say what they should: one holds, one does not', async () => {
  const block = await anvil.rpc('eth_blockNumber', []);
  const pairing = (address, input) => node.request({ method: 'eth_call', params: [{ to: at(address), data: `0x${input}` }, block] });
  assert.equal(await pairing(8, BN_PAIRING), `0x${word(1n)}`);
  assert.equal(await pairing(0x0f, g1 + g2 + negG1 + g2), `0x${word(1n)}`);
  assert.equal(await pairing(0x0f, g1 + g2 + g1 + g2), `0x${word(0n)}`);
});
