// What a request line's way out costs, piece by piece (run `npm run build` first; pin it for steadier figures:
// `taskset -c 1 node bench/log-line-micro.mjs`):
// - encoding the bench endpoint's line as bytes into the log writer's chunk (what the suite does per request), against
//   serialising the same line as a string (what any other destination gets);
// - `crypto.randomFillSync`, which fills the id pools, by how much it draws: its fixed cost is why the pools are large;
// - appending to a file in the log writer's chunk size against the size it had before, in CPU per KB (the writes run
//   on libuv's pool: process CPU time counts that thread too).
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, rmSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWriter } from '../libs/observability/dist/logging/log-writer.js';
import { Redactor } from '../libs/observability/dist/logging/redactor.js';
import { RequestLineWriter } from '../libs/observability/dist/logging/request-line.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A log writer whose chunk is one reused buffer: the encoding alone, no file behind it. */
class ReusedChunk extends LogWriter {
  chunk = Buffer.allocUnsafeSlow(256 * 1024);
  at = 0;
  reserve(maxBytes) {
    if (this.at + maxBytes > this.chunk.length) this.at = 0;
    return this.chunk;
  }
  get cursor() {
    return this.at;
  }
  commit(end) {
    this.at = end;
  }
}

function lines() {
  const writer = new RequestLineWriter(new Redactor([], 2048));
  const out = new ReusedChunk({ output: 'stderr' });
  // The bench endpoint's line: ids as the suite makes them, no user agent (wrk sends none).
  const line = {
    level: 'info',
    requestId: 'a38d2e90-a335-461e-8a21-3ea60ed0c827',
    traceId: '234b4d02146e567904415d486b4b40d4',
    spanId: 'c5cb5772ec0441ec',
    method: 'GET',
    url: '/bench/42',
    route: '/bench/:id',
    userAgent: undefined,
    status: 200,
    durationMs: 0.03,
    aborted: false,
  };
  const N = 500_000;
  const run = (each) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      line.durationMs = (i % 1000) / 1000;
      each();
    }
    return Number(process.hrtime.bigint() - start) / N;
  };
  let length = 0;
  const ways = {
    'encoded into the chunk': () => writer.write(out, line),
    'serialised as a string': () => (length += writer.serialize(line).length),
  };
  const times = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
  for (let round = 0; round < 7; round++) {
    for (const [name, each] of Object.entries(ways)) {
      const ns = run(each);
      if (round > 0) times[name].push(ns); // the first round warms up
    }
  }
  console.log(`request line (${writer.serialize(line).length} bytes), ns per line`);
  for (const name of Object.keys(ways)) console.log(`  ${name.padEnd(24)} ${median(times[name]).toFixed(0).padStart(6)}`);
  if (length === 0) throw new Error('unreachable');
}

function randomFills() {
  console.log('randomFillSync, µs per call');
  for (const size of [256, 4096, 65536]) {
    const pool = Buffer.allocUnsafeSlow(size);
    const runs = [];
    for (let round = 0; round < 6; round++) {
      const n = 5000;
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) randomFillSync(pool);
      if (round > 0) runs.push(Number(process.hrtime.bigint() - start) / n / 1000);
    }
    console.log(`  ${String(size).padStart(6)} bytes ${median(runs).toFixed(2).padStart(8)}`);
  }
}

async function appends() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-log-writes-'));
  const total = 64 * 1024 * 1024;
  const perKb = async (size) => {
    const file = join(dir, `${size}.log`);
    const fd = openSync(file, 'a');
    const chunk = Buffer.alloc(size, 0x61);
    const before = process.cpuUsage();
    for (let written = 0; written < total; written += size) {
      await new Promise((resolve, reject) => write(fd, chunk, 0, size, null, (error) => (error ? reject(error) : resolve())));
    }
    const used = process.cpuUsage(before);
    closeSync(fd);
    rmSync(file);
    return (used.user + used.system) / (total / 1024);
  };
  try {
    const sizes = [64 * 1024, 256 * 1024];
    const runs = Object.fromEntries(sizes.map((size) => [size, []]));
    for (let round = 0; round < 4; round++) for (const size of round % 2 ? [...sizes].reverse() : sizes) runs[size].push(await perKb(size));
    console.log('appending 64 MB to a file, µs of CPU per KB');
    for (const size of sizes) console.log(`  ${String(size / 1024).padStart(4)} KiB writes ${median(runs[size]).toFixed(3).padStart(8)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

lines();
randomFills();
await appends();
