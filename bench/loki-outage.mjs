// Request latency while Loki is down: the same Nest endpoint (bench/scenarios/loki.mjs: one request line per request,
// to a file and to the Loki shipper) driven by wrk while a fake Loki is healthy, refusing connections, or hanging.
// A fresh server per measurement; modes interleaved and rotated per round so machine drift hits all alike.
// Usage: npm run build && node bench/loki-outage.mjs [--rounds 3] [--duration 10] [--connections 16]
// Prints req/s, p50 and p99 per mode (median of rounds) and p99 minus the healthy p99; the acceptance bound is 20 ms.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { FakeLoki } from '../test/helpers/loki-server.ts';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const rounds = opt('rounds', 3);
const duration = opt('duration', 10);
const connections = opt('connections', 16);
const cores = Number(spawnSync('nproc').stdout.toString().trim()) || 1;
const pin = (cpu) => (cores > 1 ? ['taskset', '-c', cpu] : []);
const MODES = { healthy: { kind: 'up' }, refusing: { kind: 'refuse' }, hanging: { kind: 'hang' } };

let port = 39400;
async function measure(loki, mode) {
  await loki.setMode(MODES[mode]);
  const p = port++;
  const [cmd, ...rest] = [...pin('0'), process.execPath, fileURLToPath(new URL('./server.mjs', import.meta.url)), 'loki', String(p)];
  const child = spawn(cmd, rest, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', LOKI_BENCH_URL: loki.url },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  while (!out.includes('ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    const url = `http://127.0.0.1:${p}/bench/42`;
    await wrk(url, 2); // warm-up
    return await wrk(url, duration);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

// Asynchronous: the fake Loki answers from this process's event loop while wrk runs.
async function wrk(url, seconds) {
  const [cmd, ...rest] = [...pin(cores > 1 ? '1' : '0'), 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url];
  const child = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  const r = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (r.stdout += d));
  child.stderr.on('data', (d) => (r.stderr += d));
  const [status] = await once(child, 'exit');
  if (status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  if (/Non-2xx or 3xx responses/.test(r.stdout) || /Socket errors/.test(r.stdout))
    throw new Error(`failed requests during the run:\n${r.stdout}`);
  const ms = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(r.stdout);
    const v = Number(m?.[1]);
    return m?.[2] === 'us' ? v / 1000 : m?.[2] === 's' ? v * 1000 : v;
  };
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]), p50: ms(50), p99: ms(99) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// A sink: decoding every push here would compete for the CPUs the server and wrk are pinned to.
const loki = await new FakeLoki({ decode: false }).start();
console.log(
  `node ${process.version}, ${cores} cores; ${rounds} rounds x ${duration}s, ${connections} connections; fake Loki at ${loki.url}`,
);
const results = { healthy: [], refusing: [], hanging: [] };
const names = Object.keys(results);
for (let round = 0; round < rounds; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const mode of order) {
    const r = await measure(loki, mode);
    results[mode].push(r);
    console.log(
      `  round ${round + 1} ${mode.padEnd(9)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`,
    );
  }
}
await loki.close();
console.log(`fake Loki accepted ${loki.accepted} pushes, ${(loki.acceptedBytes / 1048576).toFixed(1)} MiB compressed`);

const healthyP99 = median(results.healthy.map((r) => r.p99));
console.log(
  `\n${'mode'.padEnd(10)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'Δp99 ms'.padStart(10)}  (medians; Δ vs healthy, bound 20 ms)`,
);
for (const mode of names) {
  const m = (f) => median(results[mode].map(f));
  const delta = m((r) => r.p99) - healthyP99;
  console.log(
    `${mode.padEnd(10)}${m((r) => r.rps)
      .toFixed(0)
      .padStart(9)}${m((r) => r.p50)
      .toFixed(2)
      .padStart(9)}${m((r) => r.p99)
      .toFixed(2)
      .padStart(9)}${delta.toFixed(2).padStart(10)}${delta > 20 ? '  EXCEEDS 20 ms' : ''}`,
  );
}
