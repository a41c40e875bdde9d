// What generating a request id costs (run `npm run build` first): the suite's RandomIds against Node's
// crypto.randomUUID (its baseline), interleaved in rounds in the same run. Each id is read to its last character, as
// writing the header does, which flattens the string Node builds by concatenation.
// Usage: node bench/request-id-micro.mjs
import { randomUUID } from 'node:crypto';
import { RandomIds } from '../libs/observability/dist/context/request-id.js';

const N = 1_000_000;
const ids = new RandomIds();
const candidates = { 'crypto.randomUUID': () => randomUUID(), RandomIds: () => ids.uuid() };

function run(make) {
  let check = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) check += make().charCodeAt(35);
  const ns = Number(process.hrtime.bigint() - start) / N;
  if (check === 0) throw new Error('unreachable');
  return ns;
}

const times = { 'crypto.randomUUID': [], RandomIds: [] };
for (let round = 0; round < 7; round++) {
  for (const [name, make] of Object.entries(candidates)) {
    const ns = run(make);
    if (round > 0) times[name].push(ns); // the first round warms up
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['crypto.randomUUID']);
for (const [name, ns] of Object.entries(times)) {
  console.log(`${name.padEnd(18)} ${median(ns).toFixed(0).padStart(5)} ns/id  ratio ${(median(ns) / base).toFixed(2)}`);
}
