// The bare endpoint plus short-lived garbage on every request (about 4.8 KB of small objects, dropped at once):
// against bare, what allocating and collecting more per request costs by itself, with nothing else changed
// (docs/performance.md, "With Linux perf, in steady state"). GARBAGE_BYTES sets the amount (default 3000, which V8
// counts as ~4.8 KB allocated).
import { beforeEachRequest } from '../before-request.mjs';

export async function imports() {
  return [];
}

/** The last request's garbage, kept where V8 cannot prove it unused (so the allocation is not optimised away). */
export let sink;

export async function setup(app) {
  const objects = Number(process.env.GARBAGE_BYTES ?? 3000) / 48;
  beforeEachRequest(app, (req) => {
    const list = [];
    for (let i = 0; i < objects; i++) list.push({ a: i, b: req, c: list.length, d: null });
    sink = list;
  });
}
