// Soak benchmark: is the memory a server holds under steady load flat, or does it grow? Each scenario's server runs
// under wrk load for the whole duration; every --every seconds it reports the requests it has served, its RSS, and
// its heap used, heap total and external memory after two forced collections. Prints one row per sample per
// scenario, then per scenario the slope of heap-used-after-GC and of RSS over the second half of the run (least
// squares, MB per minute) and a verdict, "flat" or "growing". Exits 1 if a server or wrk dies during the run.
// Usage: npm run build && node bench/soak.mjs [--minutes 10] [--every 60] [--connections 32] [--snapshots <dir>]
// [scenario ...] (default: bare suite). --snapshots <dir>: a heap snapshot of each server right after the first
// sample under load and after the last, <dir>/<scenario>-{early,end}.heapsnapshot, to compare in Chrome DevTools
// (Memory, Comparison: what was allocated between them and is still alive). Writing one pauses the server and
// raises its RSS for the rest of the run (measured: +80 to +100 MB, the snapshot's native memory, kept by the
// allocator), so the first is taken early, outside the second half the slopes are fitted to; the heap figures stay
// comparable, the RSS figures of a run with --snapshots do not.
//
// All scenarios run at once, their servers pinned to the same core and a wrk per server on the other core with an
// equal share of the connections. Run one after another, each scenario would see a different machine (this one is
// shared: other work comes and goes over minutes) and a 10-minute soak would take 10 minutes per scenario; at once,
// every server sees the same contention at the same moment, and its samples are taken at the same instants. The
// cost: the servers share one core, so each serves fewer requests than alone (the one with more work per request
// fewer still); the rows show each server's rate, and the verdict's thresholds hold at far lower rates (below).
//
// Thresholds, over the second half (the first half is warm-up: JIT code, bounded buffers and caches filling):
// heap used after GC growing < 0.2 MB/min and RSS < 1 MB/min is "flat". A leak of 1 KB per request at 500 req/s
// (each server serves more than that here, with half a core on a loaded machine) is 30 MB/min of heap: 150 times the
// heap threshold, which catches such a leak down to ~7 B per request at that rate, or ~3 req/s at 1 KB each.
// Once warm, heap after two forced collections moves by a few hundred KB between samples, so the slope of five or
// more samples over five minutes stays well below 0.2 MB/min unless something accumulates. RSS also moves with V8
// growing and shrinking its heap reservation and the allocator's free lists, hence 1 MB/min, still 30 times below
// a 1 KB-per-request leak at 500 req/s. The summary also prints each slope per request served.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { cores, loadCpu, requireTools, scenarioNames, serverCpu, startServer } from './harness.mjs';

const HEAP_SLOPE_LIMIT_MB_PER_MIN = 0.2;
const RSS_SLOPE_LIMIT_MB_PER_MIN = 1;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args.splice(i, 2)[1];
};
const minutes = Number(option('minutes', 10));
const every = Number(option('every', 60));
const connections = Number(option('connections', 32));
const snapshotDir = option('snapshots', undefined);
const scenarios = args.length > 0 ? args : ['bare', 'suite'];
const available = scenarioNames();
for (const s of scenarios) if (!available.includes(s)) throw new Error(`unknown scenario ${s}; have: ${available.join(', ')}`);
if (!(minutes > 0) || !(every > 0)) throw new Error('--minutes and --every take positive numbers');
requireTools();

const totalSeconds = minutes * 60;
const perServer = Math.max(1, Math.floor(connections / scenarios.length));
// Each server's temporary files (the suite's log file) go to a directory of this run, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'bench-soak-'));
if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });

// Every process this run starts, so that every way out (end, error, SIGINT, SIGTERM) stops them all.
const children = [];
let stopping = false;
let failure;

function fail(message) {
  if (stopping) return;
  failure = message;
  console.error(message);
  void shutdown(1);
}

async function shutdown(code) {
  if (!stopping) stopping = true;
  // Servers print their figures and exit on SIGTERM; wrk exits on it too. Whatever is still there after 10 s is killed.
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of alive) c.kill('SIGTERM');
  const killer = setTimeout(() => alive.forEach((c) => c.kill('SIGKILL')), 10_000);
  await Promise.all(alive.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : undefined)));
  clearTimeout(killer);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));
// Last resort if this process exits another way (an exception): no server or wrk outlives it.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A server started for sampling: `ask(command, prefix)` writes a line to its stdin and resolves to its answer. */
async function startSampled(name) {
  const server = await startServer(name, {
    stdin: 'pipe',
    env: { BENCH_SAMPLES: 'stdin', TMPDIR: scratch },
    onSpawn: (child) => children.push(child),
  });
  server.child.on('exit', (code, signal) => fail(`server ${name} died during the soak (exit ${code}, signal ${signal})`));
  server.child.stdin.on('error', () => {}); // a dead server: reported by its exit
  const waiting = [];
  let partial = '';
  server.child.stdout.on('data', (d) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const i = waiting.findIndex((w) => line.startsWith(w.prefix));
      if (i !== -1) waiting.splice(i, 1)[0].resolve(line);
    }
  });
  const ask = (command, prefix) =>
    new Promise((resolve) => {
      waiting.push({ prefix, resolve });
      server.child.stdin.write(`${command}\n`);
    });
  return { name, ...server, ask, samples: [] };
}

function startWrk(server) {
  // Longer than the run: wrk is stopped when the run ends, and a wrk that exits earlier is a failure.
  const child = spawn('taskset', ['-c', loadCpu, 'wrk', '-t1', `-c${perServer}`, `-d${totalSeconds + 120}s`, server.url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.on('exit', (code, signal) => fail(`wrk for ${server.name} exited during the soak (exit ${code}, signal ${signal}): ${stderr}`));
}

const mb = (bytes) => bytes / 2 ** 20;
const figures = (line) => Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map(([, k, v]) => [k, Number(v)]));

async function sampleAll(servers, started) {
  const answers = await Promise.all(servers.map((s) => s.ask('sample', 'sample ')));
  const t = (performance.now() - started) / 1000;
  servers.forEach((s, i) => {
    const f = figures(answers[i]);
    const previous = s.samples.at(-1);
    const rps = previous ? (f.served - previous.served) / (t - previous.t) : 0;
    s.samples.push({ t, ...f });
    console.log(
      [
        t.toFixed(0).padStart(6),
        s.name.padEnd(14),
        String(f.served).padStart(11),
        rps.toFixed(0).padStart(8),
        mb(f.rss).toFixed(1).padStart(8),
        mb(f.heap_used).toFixed(2).padStart(9),
        mb(f.heap_total).toFixed(1).padStart(10),
        mb(f.new_space).toFixed(1).padStart(9),
        mb(f.external).toFixed(1).padStart(9),
      ].join(' '),
    );
  });
}

async function snapshotAll(servers, label) {
  await Promise.all(servers.map((s) => s.ask(`snapshot ${resolve(snapshotDir, `${s.name}-${label}.heapsnapshot`)}`, 'snapshot ')));
}

/** Least-squares slope of y against x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

console.log(
  `node ${process.version}, ${cores} cores; servers (${scenarios.join(', ')}) all on cpu ${serverCpu}, one wrk each on cpu ${loadCpu} with ${perServer} connections; ${minutes} min, a sample every ${every} s`,
);
const servers = [];
try {
  for (const name of scenarios) servers.push(await startSampled(name));
} catch (error) {
  fail(String(error));
  await new Promise(() => {}); // shutdown() exits
}
console.log(
  `\n${'t s'.padStart(6)} ${'scenario'.padEnd(14)} ${'served'.padStart(11)} ${'req/s'.padStart(8)} ${'rss MB'.padStart(8)} ${'heap MB'.padStart(9)} ${'heap tot'.padStart(10)} ${'young MB'.padStart(9)} ${'ext MB'.padStart(9)}   (after two forced GCs; t 0: at ready, before load)`,
);
const started = performance.now();
await sampleAll(servers, started);
for (const s of servers) startWrk(s);
for (let next = every; next <= totalSeconds + 1e-9; next += every) {
  const wait = started + next * 1000 - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (stopping) await new Promise(() => {});
  await sampleAll(servers, started);
  if (snapshotDir && next === every) await snapshotAll(servers, 'early');
}
if (snapshotDir) await snapshotAll(servers, 'end');
stopping = true;

// Second half: samples from the middle of the run on (the sample at the middle included).
console.log(
  `\nSlopes over the second half (least squares, MB/min); flat: heap < ${HEAP_SLOPE_LIMIT_MB_PER_MIN}, RSS < ${RSS_SLOPE_LIMIT_MB_PER_MIN}`,
);
for (const s of servers) {
  const underLoad = s.samples.filter((x) => x.t > 0.5 * every);
  const second = s.samples.filter((x) => x.t >= totalSeconds / 2 - 1);
  const first = underLoad[0];
  const last = s.samples.at(-1);
  const rate = (last.served - first.served) / ((last.t - first.t) / 60); // requests per minute
  if (second.length < 3) {
    console.log(`${s.name}: ${second.length} samples in the second half, too few for a slope; use a smaller --every`);
    continue;
  }
  const slopeOf = (y) => slope(second.map((x) => ({ x: x.t / 60, y: mb(y(x)) })));
  const heapSlope = slopeOf((x) => x.heap_used);
  const rssSlope = slopeOf((x) => x.rss);
  const verdict = heapSlope < HEAP_SLOPE_LIMIT_MB_PER_MIN && rssSlope < RSS_SLOPE_LIMIT_MB_PER_MIN ? 'flat' : 'growing';
  const perRequest = (mbPerMin) => `${((mbPerMin * 2 ** 20) / rate).toFixed(2)} B/req`;
  console.log(
    `${s.name}: ${rate.toFixed(0)} req/min; rss ${mb(first.rss).toFixed(1)} -> ${mb(last.rss).toFixed(1)} MB, heap ${mb(first.heap_used).toFixed(2)} -> ${mb(last.heap_used).toFixed(2)} MB (first sample under load -> last); heap slope ${heapSlope.toFixed(3)} MB/min (${perRequest(heapSlope)}), rss slope ${rssSlope.toFixed(3)} MB/min (${perRequest(rssSlope)})`,
  );
  // Where RSS growth lives: V8's heap reservation (heap total, the young generation's share of it apart) or outside
  // V8's heap (native memory, code space not counted, the allocator). A step in heap total with heap used flat is V8
  // sizing its heap, bounded by its limits; growth outside it with heap total flat is native memory.
  console.log(
    `${s.name}: of which heap total ${slopeOf((x) => x.heap_total).toFixed(3)} MB/min (young generation ${slopeOf((x) => x.new_space).toFixed(3)}), rss outside V8's heap ${slopeOf((x) => x.rss - x.heap_total).toFixed(3)} MB/min`,
  );
  console.log(`${s.name}: ${verdict}`);
}
await shutdown(failure ? 1 : 0);
