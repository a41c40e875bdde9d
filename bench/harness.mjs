// What the load benchmarks share (bench/run.mjs, bench/soak.mjs): the scenarios there are, the tools they need, the
// cores they pin to, and how a scenario's server is started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Every bench/scenarios/<name>.mjs, bare included. */
export const scenarioNames = () =>
  readdirSync(fileURLToPath(new URL('./scenarios/', import.meta.url)))
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => f.replace(/\.mjs$/, ''));

/**
 * Exits with status 2 and says what to install when wrk or taskset is missing, or one of `extra` (tool -> Debian
 * package).
 */
export function requireTools(extra = {}, { load = true } = {}) {
  // `load: false`: a bench that starts servers and never loads them (bench/startup.mjs) needs no wrk.
  const tools = { ...(load ? { wrk: 'wrk' } : {}), taskset: 'util-linux', ...extra };
  for (const [tool, debianPackage] of Object.entries(tools)) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      console.error(`${tool} is not installed (apt-get install -y ${debianPackage})`);
      process.exit(2);
    }
  }
}

export const cores = Number(spawnSync('nproc').stdout.toString().trim()) || 1;
export const serverCpu = '0';
export const loadCpu = cores > 1 ? '1' : '0';

/**
 * Starts bench/server.mjs for `scenario`, pinned to serverCpu, and waits until it listens. `name` is what error
 * messages call it; `env` is added to the server's environment; `stdin: 'pipe'` gives the caller the server's stdin;
 * `onSpawn(child)` is called as soon as the process exists, so that a caller interrupted during startup can stop it;
 * `nodeArgs` are passed to Node before the preload (bench/perf-compare.mjs: the perf map).
 * Resolves to the child, the endpoint's URL, the server's stdout so far and its startup time.
 */
export async function startServer(scenario, { name = scenario, env = {}, stdin = 'ignore', onSpawn, nodeArgs = [] } = {}) {
  // Port 0: the server takes a free port and reports it, so a leftover server from an interrupted run is harmless.
  // --expose-gc: the server reports the memory it holds after a forced collection at the end of the run.
  // A scenario that must start before the app's modules load (an OpenTelemetry SDK) has bench/preload/<name>.mjs.
  const preload = fileURLToPath(new URL(`./preload/${scenario}.mjs`, import.meta.url));
  const serverArgs = [
    '--expose-gc',
    ...nodeArgs,
    ...(existsSync(preload) ? ['--import', preload] : []),
    fileURLToPath(new URL('./server.mjs', import.meta.url)),
    scenario,
    '0',
  ];
  const child = spawn('taskset', ['-c', serverCpu, process.execPath, ...serverArgs], {
    stdio: [stdin, 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  onSpawn?.(child);
  let out = '';
  // Startup: from spawning the process (preload included) to the server reporting that it listens.
  const spawned = performance.now();
  let startupMs;
  child.stdout.on('data', (d) => {
    out += d;
    if (startupMs === undefined && out.includes('ready ')) startupMs = performance.now() - spawned;
  });
  const deadline = Date.now() + 20_000;
  let ready;
  while (!(ready = /ready (\d+)/.exec(out))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`scenario ${name} did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, url: `http://127.0.0.1:${ready[1]}/bench/42`, output: () => out, startupMs };
}

/**
 * Loads `url` with wrk (one thread, `connections` connections) pinned to the load core for `seconds`. Resolves to
 * req/s, p50 and p99 in ms, and the requests served; rejects if wrk fails or any response was not 2xx/3xx.
 */
export function wrk(url, seconds, connections = 32) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', loadCpu, 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrk failed: ${stderr}`));
      const pct = (p) => toMs(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(stdout));
      const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
      if (non2xx > 0) return reject(new Error(`${non2xx} failed responses during the run`));
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
        p50: pct(50),
        p99: pct(99),
        requests: Number(/(\d+) requests in/.exec(stdout)?.[1]),
      });
    });
  });
}

function toMs(m) {
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}
