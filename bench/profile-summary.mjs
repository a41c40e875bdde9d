// Where a scenario's CPU goes, against bare, from the profiles `node bench/run.mjs --profile <dir> <scenario>` wrote:
// self time per request by part of the stack (our library, Nest, express, OpenTelemetry, prom-client, pino, Node's
// own JS, native/GC), averaged over rounds, and the functions of our library and the top differences.
// Usage: node bench/profile-summary.mjs <dir> <scenario> [top]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, scenario, topArg = '25'] = process.argv.slice(2);
if (!dir || !scenario) throw new Error('usage: node bench/profile-summary.mjs <dir> <scenario> [top]');
const top = Number(topArg);

const PARTS = [
  ['suite', /libs\/observability\/|nestjs-observability\//],
  ['otel', /@opentelemetry\//],
  ['prom-client', /prom-client\//],
  ['pino', /pino|sonic-boom/],
  ['nest', /@nestjs\//],
  [
    'express',
    /node_modules\/(express|router|body-parser|finalhandler|send|path-to-regexp|qs|raw-body|type-is|content-type|on-finished|encodeurl|parseurl|etag|fresh|depd|debug|iconv-lite|media-typer|mime|accepts|negotiator|vary|cookie|proxy-addr|forwarded|statuses|http-errors|setprototypeof|toidentifier|ee-first|destroy|unpipe|merge-descriptors|range-parser|content-disposition|safe-buffer|utils-merge|methods)\//,
  ],
  ['rxjs', /rxjs\//],
  ['node', /^node:|^internal\//],
];

function partOf(node) {
  const url = node.callFrame.url;
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)') return 'gc';
  if (name === '(idle)' || name === '(program)') return name;
  for (const [part, re] of PARTS) if (re.test(url)) return part;
  return url === '' ? 'native' : 'other';
}

function load(name, round) {
  const profile = JSON.parse(readFileSync(join(dir, `${name}-r${round}.cpuprofile`), 'utf8'));
  const figures = JSON.parse(readFileSync(join(dir, `${name}-r${round}.json`), 'utf8'));
  const self = new Map(profile.nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], self.get(profile.samples[i]) + dt);
  }
  const byPart = {};
  const byFunction = {};
  for (const node of profile.nodes) {
    const us = self.get(node.id) / figures.requests;
    const part = partOf(node);
    byPart[part] = (byPart[part] ?? 0) + us;
    const file = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/libs\/observability\//, '');
    const key = `${part}  ${node.callFrame.functionName || '(anonymous)'}  ${file}:${node.callFrame.lineNumber + 1}`;
    byFunction[key] = (byFunction[key] ?? 0) + us;
  }
  return { byPart, byFunction, figures };
}

const rounds = readdirSync(dir)
  .map((f) => new RegExp(`^${scenario}-r(\\d+)\\.cpuprofile$`).exec(f)?.[1])
  .filter(Boolean);
const average = (name, pick) => {
  const sum = {};
  for (const round of rounds) for (const [k, v] of Object.entries(pick(load(name, round)))) sum[k] = (sum[k] ?? 0) + v / rounds.length;
  return sum;
};
const bare = { parts: average('bare', (p) => p.byPart), fns: average('bare', (p) => p.byFunction) };
const suite = { parts: average(scenario, (p) => p.byPart), fns: average(scenario, (p) => p.byFunction) };
const figure = (name, key) => rounds.reduce((s, r) => s + load(name, r).figures[key] / rounds.length, 0);

console.log(`${rounds.length} rounds; self CPU time per request (us), from the sampling profiler`);
console.log(
  `cpu/req (process): bare ${figure('bare', 'cpuPerReq').toFixed(1)}, ${scenario} ${figure(scenario, 'cpuPerReq').toFixed(1)}; ` +
    `alloc B/req: bare ${figure('bare', 'allocPerReq').toFixed(0)}, ${scenario} ${figure(scenario, 'allocPerReq').toFixed(0)}`,
);
console.log(`${'part'.padEnd(14)}${'bare'.padStart(8)}${scenario.padStart(10)}${'delta'.padStart(8)}`);
const parts = [...new Set([...Object.keys(bare.parts), ...Object.keys(suite.parts)])].filter((p) => p !== '(idle)');
parts.sort((a, b) => (suite.parts[b] ?? 0) - (bare.parts[b] ?? 0) - ((suite.parts[a] ?? 0) - (bare.parts[a] ?? 0)));
let total = [0, 0];
for (const part of parts) {
  const [b, s] = [bare.parts[part] ?? 0, suite.parts[part] ?? 0];
  total = [total[0] + b, total[1] + s];
  console.log(`${part.padEnd(14)}${b.toFixed(2).padStart(8)}${s.toFixed(2).padStart(10)}${(s - b).toFixed(2).padStart(8)}`);
}
console.log(
  `${'total'.padEnd(14)}${total[0].toFixed(2).padStart(8)}${total[1].toFixed(2).padStart(10)}${(total[1] - total[0]).toFixed(2).padStart(8)}`,
);

console.log(`\nfunctions with the largest difference (${scenario} - bare), us/request:`);
const keys = [...new Set([...Object.keys(bare.fns), ...Object.keys(suite.fns)])];
const deltas = keys.map((k) => [k, (suite.fns[k] ?? 0) - (bare.fns[k] ?? 0)]).sort((a, b) => b[1] - a[1]);
for (const [k, d] of deltas.slice(0, top)) console.log(`${d.toFixed(3).padStart(8)}  ${k}`);
