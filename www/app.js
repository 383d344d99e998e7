// The page: connects to an untrusted RPC, verifies headers from the checkpoint to the head, and
// proves accounts and blocks against the verified head. Only verified values are shown as verified.
import init, * as ml from '/pkg/index.js';
import { Rpc } from './rpc.js';

const $ = (id) => document.getElementById(id);
const hex = (n) => `0x${BigInt(n).toString(16)}`;
const MAX_HEADERS = 512;
let head = null;
let rpc = null;
let verifiedHashes = new Map();

function log(ok, text) {
  const li = document.createElement('li');
  li.className = ok ? 'ok' : 'bad';
  li.textContent = `${ok ? '✓' : '✗'} ${text}`;
  $('log').prepend(li);
}

function show(panel, verdictOk, verdict, rows) {
  const el = $(panel);
  el.replaceChildren();
  const p = document.createElement('p');
  p.className = `verdict ${verdictOk ? 'ok' : 'bad'}`;
  p.textContent = verdict;
  el.append(p);
  if (!rows) return;
  const dl = document.createElement('dl');
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  el.append(dl);
}

const refusal = (err) => `Refused${err.code ? ` (${err.code})` : ''}: ${err.message}`;

async function verifyHead(event) {
  event?.preventDefault();
  head = null;
  verifiedHashes = new Map();
  rpc = new Rpc($('rpc').value, { lying: $('lying').checked });
  const preset = ml.chainPreset($('chain').value);
  const checkpoint = { number: Number($('cp-number').value), hash: $('cp-hash').value.trim() };
  show('trust', true, 'Verifying…');
  try {
    const [chainId, latest] = await rpc.batch([['eth_chainId', []], ['eth_blockNumber', []]]);
    if (Number(chainId) !== preset.chainId) throw Object.assign(new Error(`RPC serves chain ${Number(chainId)}, preset ${preset.name} is ${preset.chainId}`), { code: 'WRONG_CHAIN' });
    const to = Number(latest);
    const from = Math.max(checkpoint.number, to - MAX_HEADERS + 1);
    if (from !== checkpoint.number) throw Object.assign(new Error(`the head is more than ${MAX_HEADERS} blocks past the checkpoint; pick a newer checkpoint`), { code: 'CHECKPOINT_TOO_OLD' });
    const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const headers = await rpc.batch(numbers.map((n) => ['eth_getBlockByNumber', [hex(n), false]]));
    const verified = ml.verifyHeaderChain(headers, checkpoint);
    head = headers.at(-1);
    verifiedHashes = new Map(verified.map((v) => [v.number, v.hash]));
    const last = verified.at(-1);
    log(true, `${verified.length} headers #${from}..#${to} hash-linked to checkpoint #${checkpoint.number} (${rpc.calls} RPC round trips)`);
    show('trust', true, `Verified head #${last.number}`, [
      ['head hash', last.hash],
      ['state root', head.stateRoot],
      ['anchored to', `checkpoint #${checkpoint.number} ${checkpoint.hash}`],
      ['how', `${verified.length} headers re-hashed in wasm; every parentHash links to the header before it`],
      ['trust model', preset.trust.kind === 'checkpoint' ? 'checkpoint only: the chain’s consensus is not checked here' : preset.trust.kind],
    ]);
    $('block-number').value ||= String(Number($('block-number').dataset.default ?? to));
  } catch (err) {
    log(false, `head: ${refusal(err)}`);
    show('trust', false, refusal(err));
  }
}

async function proveAccount(event) {
  event.preventDefault();
  if (!head) return show('account', false, 'Verify the head first: proofs are checked against its state root.');
  const address = $('address').value.trim();
  const slot = hex($('slot').value || '0').replace(/^0x/, '').padStart(64, '0');
  try {
    const [proof, code] = await rpc.batch([['eth_getProof', [address, [`0x${slot}`], head.number]], ['eth_getCode', [address, head.number]]]);
    const account = ml.verifyAccountProof(head.stateRoot, proof);
    ml.verifyCode(account.codeHash, code);
    log(true, `account ${address} proven at #${Number(head.number)} (${proof.accountProof.length} proof nodes)`);
    show('account', true, account.exists ? 'Proven against the verified state root' : 'Proven absent from the state', [
      ['balance (wei)', BigInt(account.balance).toString()],
      ['nonce', String(Number(account.nonce))],
      ['code', `${(code.length - 2) / 2} byte(s), keccak matches codeHash ${account.codeHash}`],
      ['storage root', account.storageHash],
      [`slot 0x${slot.replace(/^0+(?=.)/, '')}`, account.storage[0].value],
      ['proof', `${proof.accountProof.length} account nodes, ${proof.storageProof[0].proof.length} storage nodes`],
    ]);
  } catch (err) {
    log(false, `account ${address}: ${refusal(err)}`);
    show('account', false, refusal(err));
  }
}

async function checkBlock(event) {
  event.preventDefault();
  if (!head) return show('block', false, 'Verify the head first: blocks are checked against the verified chain.');
  const n = Number($('block-number').value || head.number);
  try {
    if (n > Number(head.number)) throw new Error(`block ${n} is past the verified head`);
    const [block, receipts] = await rpc.batch([['eth_getBlockByNumber', [hex(n), true]], ['eth_getBlockReceipts', [hex(n)]]]);
    const report = ml.verifyBlock(block);
    if (verifiedHashes.get(n) !== report.hash) throw Object.assign(new Error(`block ${n} hashes to ${report.hash}, not the verified header of that height`), { code: 'NOT_ANCHORED' });
    const receiptsRoot = ml.receiptsRoot(receipts);
    if (receiptsRoot !== block.receiptsRoot) throw Object.assign(new Error(`receiptsRoot: header says ${block.receiptsRoot}, the receipts give ${receiptsRoot}`), { code: 'ROOT_MISMATCH' });
    log(true, `block #${n} body matches its header (${report.transactionsChecked} txs, ${receipts.length} receipts)`);
    show('block', true, `Block #${n} checked`, [
      ['hash', report.hash],
      ['header fields', String(report.headerFields)],
      ['transactions', `${report.transactionsChecked} re-encoded, transactionsRoot matches`],
      ['receipts', `${receipts.length} re-encoded, receiptsRoot matches`],
      ['withdrawals', report.withdrawalsChecked == null ? 'none in this block' : `${report.withdrawalsChecked}, withdrawalsRoot matches`],
    ]);
  } catch (err) {
    log(false, `block #${n}: ${refusal(err)}`);
    show('block', false, refusal(err));
  }
}

async function main() {
  await init();
  for (const name of ['devnet', 'ethereum', 'andromeda', 'metis-sepolia', 'hyperion', 'lazai']) {
    const option = new Option(`${name} (${ml.chainPreset(name).chainId})`, name);
    $('chain').append(option);
  }
  const config = await fetch('/devnet.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (config) {
    $('chain').value = config.chain;
    $('rpc').value = config.rpc;
    $('cp-number').value = config.checkpoint.number;
    $('cp-hash').value = config.checkpoint.hash;
    $('address').value = config.seed.contract;
    $('block-number').dataset.default = String(Number(config.seed.blockNumber));
  }
  $('connect').addEventListener('submit', verifyHead);
  $('lying').addEventListener('change', () => { if (rpc) rpc.lying = $('lying').checked; });
  $('account-form').addEventListener('submit', proveAccount);
  $('block-form').addEventListener('submit', checkBlock);
  if (config) await verifyHead();
}

main().catch((err) => show('trust', false, `The verifier failed to load: ${err.message}`));
