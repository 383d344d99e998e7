// Rendering for the page: verdict panels (only verified values are shown as verified), refusals with
// their error codes, progress with cancel, and the log of every check.

export const $ = (id) => document.getElementById(id);

/** A hex quantity or bigint as a decimal string. */
export const dec = (q) => (q == null ? '—' : BigInt(q).toString());
export const hex = (n) => `0x${BigInt(n).toString(16)}`;

/** Wei as ether with up to 6 decimals. */
export function ether(wei) {
  const w = BigInt(wei);
  const whole = w / 10n ** 18n;
  const frac = (w % 10n ** 18n).toString().padStart(18, '0').slice(0, 6).replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}`;
}

function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text != null) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** `Refused (CODE): message` for a verification failure; `Failed: message` for anything else. */
export function refusal(err) {
  // EIP-1193 errors carry a numeric `code` and the package's string code in `data.code`.
  const code = typeof err?.code === 'string' ? err.code : err?.data?.code;
  return code ? `Refused (${code}): ${err.message}` : `Failed: ${err?.message ?? err}`;
}

/**
 * Fills panel `id`: a verdict line, then `rows` ([label, value]) and `details` ([summary, lines])
 * as collapsible lists (the proof nodes behind a value).
 */
export function show(id, { ok, verdict, rows = [], details = [], note }) {
  const panel = $(id);
  panel.replaceChildren(element('p', `${ok ? '✓' : '✗'} ${verdict}`, `verdict ${ok ? 'ok' : 'bad'}`));
  panel.dataset.state = ok ? 'verified' : 'refused';
  if (rows.length) {
    const dl = element('dl');
    for (const [k, v] of rows) dl.append(element('dt', k), element('dd', v));
    panel.append(dl);
  }
  for (const [summary, lines] of details) {
    const d = element('details');
    d.append(element('summary', summary));
    const ol = element('ol', null, 'nodes');
    for (const line of lines) ol.append(element('li', line));
    d.append(ol);
    panel.append(d);
  }
  if (note) panel.append(element('p', note, 'note'));
}

/** Marks panel `id` as waiting. */
export function pending(id, text) {
  const panel = $(id);
  panel.dataset.state = 'pending';
  panel.replaceChildren(element('p', text, 'verdict'));
}

/** Adds a line to the log of checks (newest first). */
export function log(ok, text) {
  const li = element('li', `${ok ? '✓' : '✗'} ${text}`, ok ? 'ok' : 'bad');
  $('log').prepend(li);
}

/**
 * Long work with a progress bar and a Cancel button inside `container`: `run(signal, onProgress)`
 * gets an AbortSignal and a progress callback `(value, max, label)`; resolves to its result.
 */
export async function withProgress(container, label, run) {
  const bar = element('progress');
  const text = element('span', label, 'progress-label');
  const cancel = element('button', 'Cancel', 'secondary');
  cancel.type = 'button';
  const box = element('div', null, 'progress');
  box.setAttribute('role', 'status');
  box.append(text, bar, cancel);
  container.replaceChildren(box);
  const controller = new AbortController();
  cancel.addEventListener('click', () => controller.abort(), { once: true });
  try {
    return await run(controller.signal, (value, max, what) => {
      bar.max = Math.max(max, 1);
      bar.value = value;
      text.textContent = what;
    });
  } finally {
    box.remove();
  }
}

/** Proof nodes as lines: size and the node itself, shortened. */
export const proofLines = (nodes) =>
  nodes.map((n, i) => `#${i + 1} (${(n.length - 2) / 2} bytes${i === 0 ? ', hashes to the root' : ', hash referenced by #' + i}): ${n.length > 74 ? `${n.slice(0, 40)}…${n.slice(-32)}` : n}`);
