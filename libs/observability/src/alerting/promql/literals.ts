const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy;
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** A PromQL duration (`5m`, `1h30m`, or a number of seconds) in milliseconds; undefined when it is not one. */
export function parsePromDuration(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1_000;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = DURATION_PART.exec(text); m; m = DURATION_PART.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    end = DURATION_PART.lastIndex;
  }
  return end === text.length && end > 0 ? total : undefined;
}

/** A PromQL number literal (decimal, hex, Inf, NaN, or a duration meaning seconds). */
export function parsePromNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const n = Number(text);
  if (text.trim() !== '' && !Number.isNaN(n)) return n;
  const ms = parsePromDuration(text);
  return ms === undefined ? undefined : ms / 1_000;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '`': '`' };

/** The value of a quoted PromQL string: `"…"` and `'…'` with Go escapes, or a raw `` `…` ``. */
export function parsePromString(text: string): string {
  const quote = text[0];
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, esc: string) => {
    if (esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return ESCAPES[esc] ?? esc;
  });
}
