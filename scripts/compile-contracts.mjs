// Compiles contracts/*.sol, contracts/lazai/*.sol and contracts/bench/*.sol (for Prague),
// contracts/l2geth/*.sol (for Istanbul: Metis l2geth's EVM, no PUSH0) and LazAI's own contracts from
// shared/fixtures (for Cancun, LazAI's fork; OpenZeppelin 5.4, the last with the initializers their
// sources call) with the pinned solc-js into target/contracts/artifacts.json: {Name: {abi, bytecode,
// deployedBytecode}}. Skips the work when sources are unchanged.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'target/contracts/artifacts.json');

/** LazAI's sources (0xLazAI/lazbubu-contracts): the DAT, DataRegistry and VerifiedComputing, and
 * the ERC1967 proxies their deploy script puts them behind. */
const LAZAI = ['../shared/fixtures/lazai/lazbubu-contracts/src', [
  'dat/DataAnchoringToken.sol', 'dat/LazbubuProxy.sol', 'dataRegistry/DataRegistry.sol',
  'dataRegistry/DataRegistryProxy.sol', 'verifiedComputing/VerifiedComputing.sol', 'verifiedComputing/VerifiedComputingProxy.sol',
]];
const GROUPS = [['contracts', 'prague'], ['contracts/lazai', 'prague'], ['contracts/bench', 'prague'], ['contracts/l2geth', 'istanbul'], [LAZAI, 'cancun']];
/** Bumped when the artifacts' shape changes, so older caches are rebuilt. */
const FORMAT = 2;

/** A group is a folder (every .sol file in it) or [folder, files]; names are relative to it. */
function sourcesOf(group) {
  const [dir, files] = Array.isArray(group) ? group : [group, readdirSync(join(root, group)).filter((f) => f.endsWith('.sol')).sort()];
  return { dir: join(root, dir), sources: Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(root, dir, f), 'utf8') }])) };
}

export function compileContracts() {
  const solc = require('solc');
  const groups = GROUPS.map(([group, evmVersion]) => ({ evmVersion, ...sourcesOf(group) }));
  const digest = createHash('sha256').update(`${FORMAT}`).update(solc.version()).update(JSON.stringify(groups.map(({ evmVersion, sources }) => [evmVersion, sources]))).digest('hex');
  if (existsSync(out)) {
    const cached = JSON.parse(readFileSync(out, 'utf8'));
    if (cached.digest === digest) return cached.contracts;
  }
  const contracts = {};
  for (const group of groups) Object.assign(contracts, compileGroup(solc, group));
  mkdirSync(join(root, 'target/contracts'), { recursive: true });
  writeFileSync(out, JSON.stringify({ digest, solc: solc.version(), contracts }));
  return contracts;
}

function compileGroup(solc, { evmVersion, dir, sources }) {
  const input = {
    language: 'Solidity',
    sources,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } } },
  };
  // Package imports come from node_modules; a group's relative imports from its own folder.
  const findImports = (path) => {
    try {
      return { contents: readFileSync(path.startsWith('@') ? require.resolve(path) : join(dir, path), 'utf8') };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const contracts = {};
  for (const file of Object.keys(sources)) {
    for (const [name, c] of Object.entries(output.contracts[file] ?? {})) {
      contracts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, deployedBytecode: `0x${c.evm.deployedBytecode.object}` };
    }
  }
  return contracts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const contracts = compileContracts();
  console.log(`compiled ${Object.keys(contracts).join(', ')} -> ${out}`);
}
