// Startup time and memory the tracing preload adds: the bench server (bench/server.mjs, scenario `bare`) started
// with and without `--import nestjs-observability/register`, alternately, several times; reports the medians of
// the time from spawn to listening and of the RSS once listening. Also the reference the issue quotes: OTel's own
// `@opentelemetry/auto-instrumentations-node/register` (NodeSDK, every instrumentation).
// Usage: npm run build && node bench/tracing-startup.mjs [--runs 7]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 7 : Number(process.argv[runsArg + 1]);
const server = fileURLToPath(new URL('./server.mjs', import.meta.url));
let port = 39500;

const variants = {
  'no tracing': [],
  'preload (defaults)': ['--import', 'nestjs-observability/register'],
  'preload, no instrumentations': ['--import', 'nestjs-observability/register'],
  'reference: OTel auto-instrumentations-node/register': ['--import', '@opentelemetry/auto-instrumentations-node/register'],
};
const extraEnv = {
  'preload, no instrumentations': { OBSERVABILITY_CONFIG: fileURLToPath(new URL('./tracing-no-instrumentations.yaml', import.meta.url)) },
  'reference: OTel auto-instrumentations-node/register': {
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_NODE_RESOURCE_DETECTORS: 'none',
  },
};

async function once(name) {
  const started = performance.now();
  const child = spawn(process.execPath, [...variants[name], server, 'bare', String(port++)], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: { ...process.env, OBSERVABILITY_CONFIG: '', ...extraEnv[name] },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${out}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 300));
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { ms, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.fromEntries(Object.keys(variants).map((n) => [n, []]));
for (let i = 0; i < runs; i++) for (const name of Object.keys(variants)) results[name].push(await once(name));
const base = { ms: median(results['no tracing'].map((r) => r.ms)), rss: median(results['no tracing'].map((r) => r.rss)) };
console.log(`node ${process.version}; ${runs} runs each, interleaved; medians`);
for (const [name, rs] of Object.entries(results)) {
  const ms = median(rs.map((r) => r.ms));
  const rss = median(rs.map((r) => r.rss));
  console.log(
    `${name.padEnd(54)} start ${ms.toFixed(0).padStart(5)} ms (+${(ms - base.ms).toFixed(0)})   rss ${rss.toFixed(1).padStart(6)} MB (+${(rss - base.rss).toFixed(1)})`,
  );
}
