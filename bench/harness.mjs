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

/** Exits with status 2 and says what to install when wrk or taskset is missing. */
export function requireTools() {
  for (const tool of ['wrk', 'taskset']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      console.error(`${tool} is not installed (apt-get install -y wrk util-linux)`);
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
