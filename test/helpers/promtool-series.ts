/**
 * promtool's expanding notation for input series (`0+10x5`, `50-5x3`, `7`, `_`, `stale`), expanded to one value
 * per interval step: a number, `undefined` for `_` (no sample), or 'stale'.
 */
export function expandSeries(notation: string): Array<number | 'stale' | undefined> {
  const out: Array<number | 'stale' | undefined> = [];
  for (const token of notation.trim().split(/\s+/)) {
    const m = /^(-?[\d.]+)([+-])([\d.]+)x(\d+)$/.exec(token);
    if (m) {
      const [start, sign, step, times] = [Number(m[1]), m[2], Number(m[3]), Number(m[4])];
      for (let i = 0; i <= times; i++) out.push(start + (sign === '+' ? 1 : -1) * step * i);
    } else if (token === '_') out.push(undefined);
    else if (token === 'stale') out.push('stale');
    else if (!Number.isNaN(Number(token))) out.push(Number(token));
    else throw new Error(`unsupported series notation ${token}`);
  }
  return out;
}

/** `name{a="b",c="d"}` → labels with `__name__`. */
export function parseSeriesName(series: string): Record<string, string> {
  const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?$/.exec(series);
  if (!m) throw new Error(`unsupported series ${series}`);
  const labels: Record<string, string> = { __name__: m[1]! };
  for (const pair of (m[2] ?? '').matchAll(/([A-Za-z_]\w*)="([^"]*)"/g)) labels[pair[1]!] = pair[2]!;
  return labels;
}
