// Startup against bare: each scenario's server is started and stopped `--runs` times, alternating with bare (and
// the order alternating every run), pinned to the server core with no load. Prints the medians of the wall time from
// spawn to listening and of the CPU time the process used until then (preload included, every thread), and each
// against bare's medians from the same run. CPU time is the figure to read on a shared machine: a busy neighbour
// stretches wall time, not the work done.
// Usage: node bench/startup.mjs [--runs 10] <scenario>... (npm run build first). `suite-unbundled` is `suite` on the
// library's unbundled modules (dist/ as tsc writes it), against the bundle the package publishes.
import { parseArgs } from 'node:util';
import { requireTools, startServer } from './harness.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
if (positionals.length === 0) throw new Error('usage: node bench/startup.mjs [--runs 10] <scenario>...');
requireTools({}, { load: false });

const scenarios = ['bare', ...positionals.filter((name) => name !== 'bare')];
const figures = new Map(scenarios.map((name) => [name, { wall: [], cpu: [] }]));

/** Starts the server, stops it, and reads the startup CPU it reports on the way out. */
async function measure(scenario) {
  const { child, startupMs, output } = await startServer(scenario);
  // 'close', not 'exit': the figures are on stdout, which may still be draining when the process has exited.
  const exited = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await exited;
  const cpuUs = /startup_cpu_us (\d+)/.exec(output());
  if (!cpuUs) throw new Error(`${scenario} did not report its startup CPU: ${output()}`);
  return { wall: startupMs, cpu: Number(cpuUs[1]) / 1000 };
}

for (let run = 0; run < runs; run++) {
  for (const scenario of run % 2 === 0 ? scenarios : [...scenarios].reverse()) {
    const { wall, cpu } = await measure(scenario);
    figures.get(scenario).wall.push(wall);
    figures.get(scenario).cpu.push(cpu);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bare = { wall: median(figures.get('bare').wall), cpu: median(figures.get('bare').cpu) };
console.log(`node ${process.version}; ${runs} starts of each, alternating; medians in ms`);
console.log(
  `${'scenario'.padEnd(20)}${'wall'.padStart(8)}${'vs bare'.padStart(10)}${'cpu'.padStart(8)}${'vs bare'.padStart(10)}${'cpu x'.padStart(8)}`,
);
for (const [name, { wall, cpu }] of figures) {
  const w = median(wall);
  const c = median(cpu);
  const delta = (value) => (name === 'bare' ? '' : `${value >= 0 ? '+' : ''}${value.toFixed(0)}`);
  console.log(
    `${name.padEnd(20)}${w.toFixed(0).padStart(8)}${delta(w - bare.wall).padStart(10)}${c.toFixed(0).padStart(8)}` +
      `${delta(c - bare.cpu).padStart(10)}${(c / bare.cpu).toFixed(2).padStart(8)}`,
  );
}
