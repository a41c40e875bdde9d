// Throughput benchmark: each scenario against the bare baseline, A/B interleaved over several rounds, server and
// load generator (wrk) pinned to different cores. Prints req/s and p50/p99 per scenario and the median per-round
// ratio scenario/bare. Usage: npm run bench [-- --rounds 5 --duration 5 --warm 2 --connections 32 <scenario> ...]
// --baseline <scenario> measures that scenario in place of the bare endpoint (the "bare" columns), e.g. the same
// stack with one feature off.
// --paired runs the scenario and its baseline at the same time instead of one after the other: both servers pinned
// to the same core, each loaded by its own wrk on the other. The machine's changing speed then slows both alike, so
// their ratio of CPU per request holds to a few percent on a shared machine where sequential rounds move by 30%; it
// measures two servers taking turns on one core (caches shared), so compare variants of one stack this way, and
// quote the sequential rounds for the ratio to bare.
// --slices runs the sequential rounds finely interleaved instead: both servers started and warmed (each alone), then
// the measured load alternates between them second by second (A B B A A B ...) for --duration seconds each. Each
// server still has the core to itself while it is loaded, as in sequential rounds, and a slow stretch of the machine
// lasting a few seconds falls on both alike instead of on one side of a round. CPU per request is each server's CPU
// over the whole window (a server idles while the other is loaded) divided by its requests; req/s is its requests
// over the seconds it was loaded; p50 and p99 are the medians of its slices'.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { cores, loadCpu, requireTools, scenarioNames, serverCpu, startServer as harnessStart, wrk as harnessWrk } from './harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return Number(value);
};
const rounds = opt('rounds', 5);
const duration = opt('duration', 5);
const connections = opt('connections', 32);
// --warm <s>: load before the measured run. V8 keeps compiling optimised code for a while under load, on its worker
// threads, and the suite has more code to optimise than bare: a short warm-up charges that to the requests.
const warm = opt('warm', 2);
// --profile <dir>: a CPU profile of every measured run, with its figures, for bench/profile-summary.mjs.
const profileDir = (() => {
  const i = args.indexOf('--profile');
  return i === -1 ? undefined : args.splice(i, 2)[1];
})();
const baseline = (() => {
  const i = args.indexOf('--baseline');
  return i === -1 ? 'bare' : args.splice(i, 2)[1];
})();
const paired = (() => {
  const i = args.indexOf('--paired');
  return i !== -1 && args.splice(i, 1).length === 1;
})();
const sliced = (() => {
  const i = args.indexOf('--slices');
  return i !== -1 && args.splice(i, 1).length === 1;
})();
if (paired && sliced) throw new Error('--paired and --slices are two different ways of interleaving: choose one');
const available = scenarioNames().filter((s) => s !== 'bare');
const scenarios = args.length > 0 ? args : available;
for (const s of scenarios) if (!available.includes(s)) throw new Error(`unknown scenario ${s}; have: ${available.join(', ')}`);

requireTools();

const wrk = (url, seconds) => harnessWrk(url, seconds, connections);

async function startServer(name, profile) {
  const scenario = name === 'bare' ? baseline : name;
  return harnessStart(scenario, { name, env: profile ? { BENCH_CPU_PROFILE: profile } : {} });
}

/** Starts the servers of `names` (in that order), loads them all at once, and returns each one's figures by name. */
async function measure(names, round) {
  const servers = [];
  try {
    for (const name of names) {
      const profile = profileDir ? join(profileDir, `${name}-r${round}.cpuprofile`) : undefined;
      servers.push({ name, profile, ...(await startServer(name, profile)) });
    }
    await Promise.all(servers.map((s) => wrk(s.url, warm))); // warm-up: JIT, connection pool
    for (const s of servers) s.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 50));
    const results = await Promise.all(servers.map((s) => wrk(s.url, duration)));
    servers.forEach((s, i) => (s.result = results[i]));
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.child.exitCode === null && once(s.child, 'exit')));
  }
  return figures(servers);
}

/** Starts the servers of `names`, warms each alone, then loads them in turn, second by second (`--slices`). */
async function measureSliced(names) {
  const servers = [];
  try {
    for (const name of names) servers.push({ name, ...(await startServer(name, undefined)) });
    for (const s of servers) await wrk(s.url, warm);
    for (const s of servers) s.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 50));
    const slices = servers.map(() => []);
    for (let second = 0; second < duration; second++) {
      // A B, then B A: neither server always follows the other.
      const turn = second % 2 ? [1, 0] : [0, 1];
      for (const i of turn) slices[i].push(await wrk(servers[i].url, 1));
    }
    servers.forEach((s, i) => {
      const requests = slices[i].reduce((sum, r) => sum + r.requests, 0);
      const seconds = slices[i].reduce((sum, r) => sum + r.requests / r.rps, 0);
      s.result = { requests, rps: requests / seconds, p50: median(slices[i].map((r) => r.p50)), p99: median(slices[i].map((r) => r.p99)) };
    });
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.child.exitCode === null && once(s.child, 'exit')));
  }
  return figures(servers);
}

/** Each server's figures by name: its load's, and what it printed when stopped. */
function figures(servers) {
  const measured = {};
  for (const { name, profile, result, output, startupMs } of servers) {
    // CPU per request is steadier than req/s on a shared machine: contention slows the clock, not the work.
    const figure = (key) => Number(new RegExp(`${key} (\\d+)`).exec(output())?.[1]);
    const cpuUs = figure('cpu_us');
    measured[name] = {
      ...result,
      startupMs,
      startupCpuMs: figure('startup_cpu_us') / 1000,
      cpuPerReq: cpuUs / result.requests,
      allocPerReq: figure('alloc_bytes') / result.requests,
      gcShare: figure('gc_us') / cpuUs,
      rssMb: figure('rss_bytes') / 2 ** 20,
      heapMb: figure('heap_used_bytes') / 2 ** 20,
    };
    if (profile) writeFileSync(profile.replace(/\.cpuprofile$/, '.json'), JSON.stringify(measured[name]));
  }
  return measured;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

console.log(
  `node ${process.version}, ${cores} cores; server on cpu ${serverCpu}, wrk on cpu ${loadCpu}; ${rounds} rounds x ${duration}s after ${warm}s of warm-up, ${connections} connections; baseline ("bare"): ${baseline}${paired ? '; paired: scenario and baseline loaded at the same time' : ''}${sliced ? '; sliced: the two loaded in turn, second by second' : ''}`,
);
if (profileDir) mkdirSync(profileDir, { recursive: true });
const results = {};
for (const name of scenarios) {
  const runs = [];
  for (let round = 1; round <= rounds; round++) {
    // Interleave A/B and alternate which goes first, so drift on a noisy machine hits both sides alike.
    const order = round % 2 ? ['bare', name] : [name, 'bare'];
    const r = paired
      ? await measure(order, round)
      : sliced
        ? await measureSliced(order)
        : { ...(await measure([order[0]], round)), ...(await measure([order[1]], round)) };
    runs.push({ bare: r.bare, suite: r[name], ratio: r[name].rps / r.bare.rps, cpuRatio: r.bare.cpuPerReq / r[name].cpuPerReq });
    console.log(
      `  ${name} round ${round}: bare ${r.bare.rps.toFixed(0)} req/s (${r.bare.cpuPerReq.toFixed(1)} us cpu/req), ${name} ${r[name].rps.toFixed(0)} req/s (${r[name].cpuPerReq.toFixed(1)} us cpu/req, ${r[name].allocPerReq.toFixed(0)} B/req vs ${r.bare.allocPerReq.toFixed(0)}), ratio ${(r[name].rps / r.bare.rps).toFixed(3)}`,
    );
  }
  results[name] = runs;
}

// Per scenario, medians of the rounds; "bare" columns are the baseline measured in the same rounds. cpu: server CPU
// per request; alloc: bytes allocated on the JS heap per request; gc: share of the server's CPU spent in GC; start:
// wall time from spawning the server to its listening; rss and heap: what the server holds after the load, after a
// forced GC.
const columns = [
  ['req/s', (r) => r.suite.rps, 0],
  ['bare r/s', (r) => r.bare.rps, 0],
  ['p50 ms', (r) => r.suite.p50, 2],
  ['p99 ms', (r) => r.suite.p99, 2],
  ['bare p99', (r) => r.bare.p99, 2],
  ['cpu us', (r) => r.suite.cpuPerReq, 1],
  ['bare cpu', (r) => r.bare.cpuPerReq, 1],
  ['alloc B', (r) => r.suite.allocPerReq, 0],
  ['bare B', (r) => r.bare.allocPerReq, 0],
  ['gc %', (r) => r.suite.gcShare * 100, 1],
  ['bare gc%', (r) => r.bare.gcShare * 100, 1],
  ['start ms', (r) => r.suite.startupMs, 0],
  ['bare st', (r) => r.bare.startupMs, 0],
  ['st cpu ms', (r) => r.suite.startupCpuMs, 0],
  ['bare stc', (r) => r.bare.startupCpuMs, 0],
  ['rss MB', (r) => r.suite.rssMb, 0],
  ['bare rss', (r) => r.bare.rssMb, 0],
  ['heap MB', (r) => r.suite.heapMb, 1],
  ['bare hp', (r) => r.bare.heapMb, 1],
  ['ratio r/s', (r) => r.ratio, 3],
  ['cpu x', (r) => 1 / r.cpuRatio, 3],
];
console.log(`\n${'scenario'.padEnd(20)}${columns.map(([title]) => title.padStart(10)).join('')}   (medians of rounds)`);
for (const [name, runs] of Object.entries(results)) {
  const cells = columns.map(([, f, digits]) => median(runs.map(f)).toFixed(digits).padStart(10));
  console.log(`${name.padEnd(20)}${cells.join('')}`);
}
