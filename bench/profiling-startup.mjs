// What Node offers instead of Go's PGO for startup: V8's compile cache. The bench server (scenario
// `profiling-off`: Nest and the whole suite's index loaded) started alternately without and with
// module.enableCompileCache() (cache warmed by one run first); medians of spawn-to-listening time.
// Usage: npm run build && node bench/profiling-startup.mjs [--runs 9]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 9 : Number(process.argv[runsArg + 1]);
const entry = fileURLToPath(new URL('./compile-cache-entry.mjs', import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), 'bench-compile-cache-'));

async function once(cache) {
  const started = performance.now();
  const child = spawn(process.execPath, [entry, 'profiling-off', '0'], {
    env: { ...process.env, NODE_COMPILE_CACHE: '', BENCH_COMPILE_CACHE: cache ? cacheDir : '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return ms;
}

try {
  const cold = await once(true);
  const without = [];
  const withCache = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so drift on a busy machine hits both alike.
    if (i % 2) {
      without.push(await once(false));
      withCache.push(await once(true));
    } else {
      withCache.push(await once(true));
      without.push(await once(false));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const a = median(without);
  const b = median(withCache);
  console.log(`node ${process.version}; ${runs} runs each, interleaved; medians of spawn to listening`);
  console.log(`without compile cache                      ${a.toFixed(0).padStart(5)} ms`);
  console.log(`module.enableCompileCache(), cold (1 run)  ${cold.toFixed(0).padStart(5)} ms`);
  console.log(`module.enableCompileCache(), warm          ${b.toFixed(0).padStart(5)} ms   ratio ${(b / a).toFixed(3)}`);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
