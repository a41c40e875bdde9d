// Where a scenario's CPU goes against bare, measured by Linux perf rather than V8's own profiler.
//
// Both servers run at the same time on the server core (as `npm run bench -- --paired` runs them), each loaded by
// its own wrk on the other core, and `perf record -e cpu-clock -g` samples each process, every thread, for the whole
// measured load. Node runs with --perf-basic-prof-only-functions (a map from JIT code to JS function names, copied as
// it stands when the load ends: code compiled at shutdown reuses addresses) and --interpreted-frames-native-stack.
// Each sample is charged, per request (samples x period / requests wrk counted):
// - to the thread it ran on: the libuv pool (the log file's writes), V8's workers (concurrent GC, compilers);
// - on the main thread, to garbage collection if a GC frame is on its stack, else to the nearest JavaScript frame's
//   package (our library, Nest, express, OpenTelemetry, Node's own JS), builtins and C++ it called included; with no
//   JavaScript on the stack, to the event loop (libuv, the HTTP parser's entry, epoll).
// Kernel time (syscalls, page faults) is counted in its own column as well.
//
// Why not V8's profiler (`bench/run.mjs --profile`): it samples the main thread only, from a thread of its own that
// shares the pinned core, and charges each sample the time since the previous one. When the main thread wakes a
// libuv thread (a log write), the pool thread runs on the core and that time lands on whatever the main thread was
// doing: the suite's log writes read as 2.5 us per request of fs.write in the main thread.
//
// Function names come from each process's own JIT, so the same function can be inlined into its caller in one
// process and not in the other: read the parts, and the functions as pointers.
//
// Usage: node bench/perf-compare.mjs [--duration <s>] [--warm <s>] [--baseline <scenario>] [--top <n>] <scenario>
// Needs perf (Debian: linux-perf; perf_event_paranoid <= 2 or root), wrk and taskset. Run `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { requireTools, startServer, wrk } from './harness.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '10' },
    warm: { type: 'string', default: '20' },
    baseline: { type: 'string', default: 'bare' },
    top: { type: 'string', default: '30' },
  },
});
const [scenario] = positionals;
if (!scenario) throw new Error('usage: node bench/perf-compare.mjs [--duration <s>] [--baseline <scenario>] [--top <n>] <scenario>');
const duration = Number(values.duration);
requireTools({ perf: 'linux-perf' });

const FREQUENCY = 4999;
const PERIOD_US = 1e6 / FREQUENCY;
const work = mkdtempSync(join(tmpdir(), 'perf-compare-'));
const nodeArgs = ['--perf-basic-prof-only-functions', '--interpreted-frames-native-stack'];

/** Of perf map entries whose code ranges overlap, the newest (V8 reuses the addresses of collected code). */
function dedupeMap(text) {
  const entries = text
    .split('\n')
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line))
    .filter(Boolean)
    .map((m) => ({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[1]}`) + BigInt(`0x${m[2]}`), line: m[0] }));
  const kept = []; // sorted by start, non-overlapping
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid].end <= e.start) lo = mid + 1;
      else hi = mid;
    }
    if (e.end > e.start && !(lo < kept.length && kept[lo].start < e.end)) kept.splice(lo, 0, e);
  }
  return `${kept.map((e) => e.line).join('\n')}\n`;
}

const PARTS = [
  ['our library', /libs\/observability\/|nestjs-observability\//],
  ['OpenTelemetry', /@opentelemetry\//],
  ['prom-client', /prom-client\//],
  ['Nest', /@nestjs\/|rxjs\//],
  ['express & deps', /node_modules\//],
  ["Node's JS", / node:/],
];
const GC = /Heap::|Scavenge|MarkCompact|MinorMS|Sweeper|ConcurrentMarking|GCTracer/;

function partOf(frame) {
  for (const [part, re] of PARTS) if (re.test(frame)) return part;
  return 'other JS';
}

/** Per-request figures of one profile: by part, by function (nearest JS frame), kernel time. */
function analyse(dataFile, requests) {
  const text = spawnSync('perf', ['script', '-i', dataFile, '-F', 'comm,ip,sym'], { maxBuffer: 1 << 30 }).stdout.toString();
  const us = PERIOD_US / requests;
  const parts = {};
  const functions = {};
  let kernel = 0;
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2) continue;
    const thread = lines[0].trim();
    const frames = lines.slice(1).map((l) => l.trim().replace(/^[0-9a-f]+\s+/, ''));
    if (/^ffffffff/.test(lines[1].trim())) kernel += us;
    let part;
    let fn;
    if (thread !== 'MainThread' && thread !== 'node') {
      part = thread.startsWith('libuv')
        ? 'libuv pool'
        : !thread.startsWith('V8')
          ? `thread ${thread}`
          : frames.some((f) => GC.test(f))
            ? 'GC (V8 workers)'
            : frames.some((f) => /compiler|Compil|maglev|Maglev|baseline/.test(f))
              ? 'JIT (V8 workers)'
              : 'other (V8 workers)';
      fn = part;
    } else if (frames.some((f) => GC.test(f))) {
      part = 'GC (main thread)';
      fn = part;
    } else {
      const js = frames.find((f) => f.startsWith('JS:'));
      part = js ? partOf(js) : 'event loop (no JS)';
      fn = js
        ? js
            .replace(/^JS:[*~+^']*/, '')
            .replace(/file:\/\/\/\S*?\/(libs|node_modules)\//, '$1/')
            .replace(/\/\S*?\/node_modules\//, '')
        : frames[0];
    }
    parts[part] = (parts[part] ?? 0) + us;
    const key = `${part.padEnd(18)} ${fn}`;
    functions[key] = (functions[key] ?? 0) + us;
  }
  return { parts, functions, kernel };
}

const names = [values.baseline, scenario];
const servers = [];
try {
  for (const name of names) servers.push(await startServer(name, { nodeArgs }));
  // Warm-up: V8 keeps optimising for a while under load (the suite has more code to optimise than bare), and that
  // compiling, on V8's worker threads, is not what a request costs in a long-running server.
  await Promise.all(servers.map((s) => wrk(s.url, Number(values.warm), 16)));
  const perfs = servers.map((s, i) =>
    spawn('perf', ['record', '-e', 'cpu-clock', '-F', String(FREQUENCY), '-g', '-p', String(s.child.pid), '-o', join(work, `${i}.data`)], {
      stdio: 'ignore',
    }),
  );
  await new Promise((r) => setTimeout(r, 500)); // perf attached
  const requests = (await Promise.all(servers.map((s) => wrk(s.url, duration, 16)))).map((r) => r.requests);
  // The JIT map as it stands under load, before shutdown compiles code into reused addresses.
  const maps = servers.map((s) => readFileSync(`/tmp/perf-${s.child.pid}.map`, 'utf8'));
  await Promise.all(perfs.map((p) => new Promise((resolve) => (p.on('close', resolve), p.kill('SIGINT')))));
  const results = servers.map((s, i) => {
    writeFileSync(`/tmp/perf-${s.child.pid}.map`, dedupeMap(maps[i]));
    return analyse(join(work, `${i}.data`), requests[i]);
  });
  const [base, test] = results;
  console.log(
    `node ${process.version}; ${scenario} against ${values.baseline}, loaded at the same time for ${duration} s; ` +
      `requests: ${requests[0]} and ${requests[1]}; cpu-clock at ${FREQUENCY} Hz, us of CPU per request\n`,
  );
  const row = (label, a, b) =>
    `${label.padEnd(22)} ${a.toFixed(2).padStart(8)} ${b.toFixed(2).padStart(8)} ${(b - a).toFixed(2).padStart(8)}`;
  console.log(`${'part'.padEnd(22)} ${names[0].slice(0, 8).padStart(8)} ${names[1].slice(0, 8).padStart(8)}    delta`);
  const partNames = [...new Set([...Object.keys(base.parts), ...Object.keys(test.parts)])];
  partNames.sort((x, y) => (test.parts[y] ?? 0) - (base.parts[y] ?? 0) - ((test.parts[x] ?? 0) - (base.parts[x] ?? 0)));
  let totalA = 0;
  let totalB = 0;
  for (const p of partNames) {
    totalA += base.parts[p] ?? 0;
    totalB += test.parts[p] ?? 0;
    console.log(row(p, base.parts[p] ?? 0, test.parts[p] ?? 0));
  }
  console.log(row('total', totalA, totalB));
  console.log(row('  of which kernel', base.kernel, test.kernel));
  console.log(`\nfunctions (nearest JavaScript frame, callees included) with the largest difference, us per request:`);
  const keys = [...new Set([...Object.keys(base.functions), ...Object.keys(test.functions)])];
  keys.sort((x, y) => (test.functions[y] ?? 0) - (base.functions[y] ?? 0) - ((test.functions[x] ?? 0) - (base.functions[x] ?? 0)));
  for (const k of keys.slice(0, Number(values.top))) {
    const a = base.functions[k] ?? 0;
    const b = test.functions[k] ?? 0;
    console.log(`${(b - a).toFixed(3).padStart(8)} ${a.toFixed(3).padStart(8)} ${b.toFixed(3).padStart(8)}  ${k.slice(0, 130)}`);
  }
} finally {
  for (const s of servers) {
    s.child.kill('SIGTERM');
    rmSync(`/tmp/perf-${s.child.pid}.map`, { force: true });
  }
  rmSync(work, { recursive: true, force: true });
}
