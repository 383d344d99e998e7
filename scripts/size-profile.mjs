// Where the wasm's bytes go: code size per crate and the largest functions, read from the name
// section of the release build before wasm-opt strips it (target/wasm32-unknown-unknown/release).
// `node scripts/size-profile.mjs [file.wasm] [--functions N]`. Prints a table; asserts nothing.
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const file = process.argv.find((a) => a.endsWith('.wasm')) ?? `${root}target/wasm32-unknown-unknown/release/metis_lightnode.wasm`;
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

const byCrate = new Map();
let total = 0;
const functions = bodies.map((size, i) => {
  const symbol = names.get(i + imported) ?? `func${i + imported}`;
  total += size;
  const crate = crateOf(symbol);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  return { size, symbol };
});
const kb = (n) => (n / 1024).toFixed(1);
console.log(`${file}: ${kb(buf.length)} KB; code ${kb(total)} KB in ${bodies.length} functions, data ${kb(sections.get(11) ?? 0)} KB\n`);
console.log('| crate | code KB | share |\n|---|---|---|');
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${crate} | ${kb(size)} | ${((100 * size) / total).toFixed(1)}% |`);
console.log(`\nlargest ${top} functions:`);
for (const { size, symbol } of functions.sort((a, b) => b.size - a.size).slice(0, top)) console.log(`  ${kb(size).padStart(6)} KB  ${symbol.slice(0, 140)}`);
