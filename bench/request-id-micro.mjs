// What generating ids costs (run `npm run build` first), interleaved in rounds in the same run: the suite's
// RandomIds against what it replaced — Node's crypto.randomUUID for request ids, OpenTelemetry's RandomIdGenerator
// for a request's trace id and span id. Each id is read to its last character, as writing it out does, which
// flattens a string built by concatenation.
// Usage: node bench/request-id-micro.mjs
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { RandomIds } from '../libs/observability/dist/common/random-ids.js';

const { RandomIdGenerator } = createRequire(import.meta.url)('@opentelemetry/sdk-trace');
const N = 1_000_000;
const ids = new RandomIds();
const otel = new RandomIdGenerator();
const pairs = [
  ['request id', { 'crypto.randomUUID': () => randomUUID(), 'RandomIds.uuid': () => ids.uuid() }],
  [
    'trace id + span id',
    {
      'otel RandomIdGenerator': () => otel.generateTraceId() + otel.generateSpanId(),
      'RandomIds trace+span': () => ids.traceId() + ids.spanId(),
    },
  ],
];

function run(make) {
  let check = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const id = make();
    check += id.charCodeAt(id.length - 1);
  }
  const ns = Number(process.hrtime.bigint() - start) / N;
  if (check === 0) throw new Error('unreachable');
  return ns;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [what, candidates] of pairs) {
  const names = Object.keys(candidates);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < 7; round++) {
    for (const name of names) {
      const ns = run(candidates[name]);
      if (round > 0) times[name].push(ns); // the first round warms up
    }
  }
  const base = median(times[names[0]]);
  console.log(what);
  for (const name of names) {
    console.log(`  ${name.padEnd(24)} ${median(times[name]).toFixed(0).padStart(5)} ns  ratio ${(median(times[name]) / base).toFixed(2)}`);
  }
}
