// Throughput benchmark: each scenario against the bare baseline, A/B interleaved over several rounds, server and
// load generator (wrk) pinned to different cores. Prints req/s and p50/p99 per scenario and the median per-round
// ratio scenario/bare. Usage: npm run bench [-- --rounds 5 --duration 5 --connections 32 <scenario> ...]
// --baseline <scenario> measures that scenario in place of the bare endpoint (the "bare" columns), e.g. the same
// stack with one feature off.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

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
const baseline = (() => {
  const i = args.indexOf('--baseline');
  return i === -1 ? 'bare' : args.splice(i, 2)[1];
})();
const available = readdirSync(fileURLToPath(new URL('./scenarios/', import.meta.url)))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.replace(/\.mjs$/, ''))
  .filter((s) => s !== 'bare');
const scenarios = args.length > 0 ? args : available;
for (const s of scenarios) if (!available.includes(s)) throw new Error(`unknown scenario ${s}; have: ${available.join(', ')}`);

for (const tool of ['wrk', 'taskset']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`${tool} is not installed (apt-get install -y wrk util-linux)`);
    process.exit(2);
  }
}
const cores = Number(spawnSync('nproc').stdout.toString().trim()) || 1;
const serverCpu = '0';
const loadCpu = cores > 1 ? '1' : '0';

async function startServer(name) {
  // Port 0: the server takes a free port and reports it, so a leftover server from an interrupted run is harmless.
  const scenario = name === 'bare' ? baseline : name;
  const child = spawn(
    'taskset',
    ['-c', serverCpu, process.execPath, fileURLToPath(new URL('./server.mjs', import.meta.url)), scenario, '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  let ready;
  while (!(ready = /ready (\d+)/.exec(out))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`scenario ${name} did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: `http://127.0.0.1:${ready[1]}/bench/42`, output: () => out };
}

function wrk(url, seconds) {
  const r = spawnSync('taskset', ['-c', loadCpu, 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const pct = (p) => toMs(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(r.stdout));
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  if (non2xx > 0) throw new Error(`${non2xx} failed responses during the run`);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
  return { rps, p50: pct(50), p99: pct(99), requests };
}

function toMs(m) {
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

async function measure(name) {
  const { child, url, output } = await startServer(name);
  let result;
  try {
    wrk(url, 2); // warm-up: JIT, connection pool
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 50));
    result = wrk(url, duration);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  // CPU per request is steadier than req/s on a shared machine: contention slows the clock, not the work.
  const cpuUs = Number(/cpu_us (\d+)/.exec(output())?.[1]);
  return { ...result, cpuPerReq: cpuUs / result.requests };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n, d = 0) => n.toFixed(d).padStart(9);

console.log(
  `node ${process.version}, ${cores} cores; server on cpu ${serverCpu}, wrk on cpu ${loadCpu}; ${rounds} rounds x ${duration}s, ${connections} connections; baseline ("bare"): ${baseline}`,
);
const results = {};
for (const name of scenarios) {
  const runs = [];
  for (let round = 1; round <= rounds; round++) {
    // Interleave A/B and alternate which goes first, so drift on a noisy machine hits both sides alike.
    const order = round % 2 ? ['bare', name] : [name, 'bare'];
    const r = {};
    for (const s of order) r[s] = await measure(s);
    runs.push({ bare: r.bare, suite: r[name], ratio: r[name].rps / r.bare.rps, cpuRatio: r.bare.cpuPerReq / r[name].cpuPerReq });
    console.log(
      `  ${name} round ${round}: bare ${r.bare.rps.toFixed(0)} req/s (${r.bare.cpuPerReq.toFixed(1)} us cpu/req), ${name} ${r[name].rps.toFixed(0)} req/s (${r[name].cpuPerReq.toFixed(1)} us cpu/req), ratio ${(r[name].rps / r.bare.rps).toFixed(3)}`,
    );
  }
  results[name] = runs;
}

console.log(
  `\n${'scenario'.padEnd(16)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'bare r/s'.padStart(9)}${'bare p99'.padStart(9)}${'cpu us'.padStart(9)}${'bare cpu'.padStart(9)}  ratio req/s  ratio cpu (medians of rounds)`,
);
for (const [name, runs] of Object.entries(results)) {
  const m = (f) => median(runs.map(f));
  console.log(
    `${name.padEnd(16)}${fmt(m((r) => r.suite.rps))}${fmt(
      m((r) => r.suite.p50),
      2,
    )}${fmt(
      m((r) => r.suite.p99),
      2,
    )}${fmt(m((r) => r.bare.rps))}${fmt(
      m((r) => r.bare.p99),
      2,
    )}${fmt(
      m((r) => r.suite.cpuPerReq),
      1,
    )}${fmt(
      m((r) => r.bare.cpuPerReq),
      1,
    )}  ${m((r) => r.ratio)
      .toFixed(3)
      .padStart(11)}  ${m((r) => r.cpuRatio)
      .toFixed(3)
      .padStart(9)}`,
  );
}
