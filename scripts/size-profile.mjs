// Where the wasm's bytes go: code size per crate, per module of this crate and the largest functions,
// read from the name section of the release build before wasm-opt strips it (build-pkg.mjs keeps
// target/size/metis_lightnode.wasm, the first module, and metis_lightnode_full.wasm).
// `node scripts/size-profile.mjs [file.wasm] [--functions N]`. Prints tables; asserts nothing.
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const file = process.argv.find((a) => a.endsWith('.wasm')) ?? `${root}target/size/metis_lightnode.wasm`;
const top = Number(process.argv[process.argv.indexOf('--functions') + 1]) || 15;
const buf = readFileSync(file);

let p = 8;
const leb = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[p++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const name = () => {
  const n = leb();
  const s = buf.subarray(p, p + n).toString();
  p += n;
  return s;
};

// Function imports shift the index of the first body; code bodies in order; names by index.
let imported = 0;
const bodies = [];
const names = new Map();
const sections = new Map();
while (p < buf.length) {
  const id = buf[p++];
  const size = leb();
  const end = p + size;
  sections.set(id, (sections.get(id) ?? 0) + size);
  if (id === 2) {
    for (let i = leb(); i > 0; i -= 1) {
      name();
      name();
      const kind = buf[p++];
      if (kind === 0) { leb(); imported += 1; }
      else if (kind === 1) { p += 1; if (leb() & 1) leb(); leb(); }
      else if (kind === 2) { if (leb() & 1) leb(); leb(); }
      else if (kind === 3) p += 2;
      else if (kind === 4) { p += 1; leb(); }
    }
  } else if (id === 10) {
    for (let i = leb(); i > 0; i -= 1) {
      const s = leb();
      bodies.push(s);
      p += s;
    }
  } else if (id === 0 && name() === 'name') {
    while (p < end) {
      const sub = buf[p++];
      const length = leb();
      const subEnd = p + length;
      if (sub === 1) for (let i = leb(); i > 0; i -= 1) names.set(leb(), name());
      p = subEnd;
    }
  }
  p = end;
}

/**
 * The crate a legacy-mangled Rust symbol belongs to: its first path segment, or for a trait impl
 * (`<impl Trait for Type>`) the crate of the type.
 */
function crateOf(symbol) {
  const length = /^_ZN(\d+)/.exec(symbol);
  let segment = length ? symbol.slice(length[0].length, length[0].length + Number(length[1])) : symbol;
  segment = segment.replace(/^_?\$LT\$/, '');
  const forAt = segment.indexOf('$u20$for$u20$');
  segment = forAt >= 0 ? segment.slice(forAt + 13) : segment.replace(/^impl\$u20\$/, '');
  segment = segment.replace(/^(\$RF\$|\$BP\$|mut\$u20\$|\$LP\$|\$u5b\$)+/, '');
  const head = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(segment)?.[1] ?? 'other';
  return ['core', 'alloc', 'std'].includes(head) ? 'core, alloc, std' : head;
}

/** `module::submodule` of a symbol of this crate (two path segments after the crate's name). */
function moduleOf(symbol) {
  let rest = symbol.slice(symbol.indexOf('metis_lightnode') + 15);
  const segments = [];
  while (segments.length < 2) {
    const lengthPrefixed = /^(\d+)/.exec(rest);
    if (lengthPrefixed) {
      segments.push(rest.slice(lengthPrefixed[0].length, lengthPrefixed[0].length + Number(lengthPrefixed[1])));
      rest = rest.slice(lengthPrefixed[0].length + Number(lengthPrefixed[1]));
    } else if (rest.startsWith('..')) {
      const ident = /^\.\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
      if (!ident) break;
      segments.push(ident[1]);
      rest = rest.slice(ident[0].length);
    } else break;
  }
  return segments.filter((s) => /^[a-z_][a-z0-9_]*$/.test(s)).join('::') || '(crate root)';
}

const byModule = new Map();
const byCrate = new Map();
let total = 0;
const functions = bodies.map((size, i) => {
  const symbol = names.get(i + imported) ?? `func${i + imported}`;
  total += size;
  const crate = crateOf(symbol);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  if (crate === 'metis_lightnode') byModule.set(moduleOf(symbol), (byModule.get(moduleOf(symbol)) ?? 0) + size);
  return { size, symbol };
});
const kb = (n) => (n / 1024).toFixed(1);
console.log(`${file}: ${kb(buf.length)} KB; code ${kb(total)} KB in ${bodies.length} functions, data ${kb(sections.get(11) ?? 0)} KB\n`);
console.log('| crate | code KB | share |\n|---|---|---|');
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${crate} | ${kb(size)} | ${((100 * size) / total).toFixed(1)}% |`);
console.log('\n| this crate\'s module | code KB |\n|---|---|');
for (const [module, size] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`| ${module} | ${kb(size)} |`);
console.log(`\nlargest ${top} functions:`);
for (const { size, symbol } of functions.sort((a, b) => b.size - a.size).slice(0, top)) console.log(`  ${kb(size).padStart(6)} KB  ${symbol.slice(0, 140)}`);
