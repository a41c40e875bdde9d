// Micro-benchmark of the shipping worker's per-line CPU: parsing a pino line into an entry, and building + compressing
// a push request of `batch_size` entries, at several gzip levels. Runs the built package's worker modules.
// Usage: npm run build && node bench/loki-encode.mjs [--lines 200000] [--batch 100]
import { gzipSync } from 'node:zlib';
import { EntryParser } from '../libs/observability/dist/logging/loki/loki-entry.js';
import { encodeBatch } from '../libs/observability/dist/logging/loki/loki-batch.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const total = opt('lines', 200_000);
const batchSize = opt('batch', 100);

const line = (i) =>
  JSON.stringify({
    level: 'info',
    time: new Date(1_764_000_000_000 + i).toISOString(),
    pid: 4242,
    hostname: 'api-7d9f',
    request_id: `3f1c9a4e-7b2d-4c55-9e61-${String(i).padStart(12, '0')}`,
    req: { method: 'POST', url: '/api/chat', route: '/api/chat' },
    res: { status_code: 200 },
    duration_ms: 12.345,
    trace_id: '424bfb5c7b152e6cfd74a588e983a8df',
    span_id: 'e374977c0f50d1dd',
    msg: 'request completed',
  });
const lines = Array.from({ length: total }, (_, i) => line(i));
const rawBytes = lines.reduce((n, l) => n + l.length, 0);

const time = (fn) => {
  fn(); // warm-up
  const t = process.hrtime.bigint();
  const r = fn();
  return { us: Number(process.hrtime.bigint() - t) / 1000, r };
};

const parser = new EntryParser(['trace_id', 'span_id', 'request_id', 'user_id']);
const parse = time(() => lines.map((l) => parser.parse(l, 0)));
const entries = parse.r;
console.log(`node ${process.version}; ${total} lines of ~${Math.round(rawBytes / total)} bytes, batches of ${batchSize}`);
console.log(`parse (JSON.parse + metadata)     ${(parse.us / total).toFixed(2)} us/line`);
const streams = { labels: { service: 'assistant', environment: 'prod' }, levelLabel: true };
const batches = [];
for (let i = 0; i < entries.length; i += batchSize) batches.push(entries.slice(i, i + batchSize));
const built = time(() => batches.map((b) => encodeBatch(b, streams)));
const compressed = built.r.reduce((n, b) => n + b.body.length, 0);
console.log(
  `encode + gzip (as shipped)        ${(built.us / total).toFixed(2)} us/line, ${(rawBytes / compressed).toFixed(1)}x smaller (${((compressed / total) * 1).toFixed(1)} bytes/line held in an outage)`,
);
const json = batches.map((b) =>
  Buffer.from(JSON.stringify({ streams: [{ stream: streams.labels, values: b.map((e) => [String(e.ms), e.line]) }] })),
);
for (const level of [1, 6, 9]) {
  const g = time(() => json.map((j) => gzipSync(j, { level })));
  const size = g.r.reduce((n, b) => n + b.length, 0);
  console.log(`gzip level ${level} alone                ${(g.us / total).toFixed(2)} us/line, ${(rawBytes / size).toFixed(1)}x smaller`);
}
