// Bytes allocated per request by call site, a scenario against bare: V8's sampling heap profiler (every allocation,
// including what the GC has since collected) over one measured load of each, the sites that differ the most first.
// Machine speed does not change what is allocated, so this holds on a noisy machine where CPU figures do not.
// Usage: node bench/alloc-diff.mjs [--baseline <scenario>] [--warm <seconds>] <scenario> [seconds] [top]
// --baseline: compare against that scenario instead of bare; --warm: load each server that long before measuring
// (default 2), for a scenario whose state changes a while after startup.
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTools, startServer, wrk } from './harness.mjs';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args.splice(i, 2)[1];
}
const baseline = option('baseline', 'bare');
const warmSeconds = Number(option('warm', '2'));
const [scenario, secondsArg = '5', topArg = '30'] = args;
if (!scenario) throw new Error('usage: node bench/alloc-diff.mjs [--baseline <scenario>] [--warm <seconds>] <scenario> [seconds] [top]');
requireTools();
const dir = mkdtempSync(join(tmpdir(), 'alloc-diff-'));

/** Bytes per request by call site ("function url:line"). */
async function sites(name) {
  const file = join(dir, `${name}.heapprofile`);
  const server = await startServer(name, { env: { BENCH_HEAP_PROFILE: file } });
  let requests;
  try {
    await wrk(server.url, warmSeconds);
    server.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 50));
    ({ requests } = await wrk(server.url, Number(secondsArg)));
  } finally {
    server.child.kill('SIGTERM');
    if (server.child.exitCode === null) await once(server.child, 'exit');
  }
  const bySite = new Map();
  const walk = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/libs\//, 'libs/')}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')).head);
  for (const [site, bytes] of bySite) bySite.set(site, bytes / requests);
  return bySite;
}

const bare = await sites(baseline);
const other = await sites(scenario);
const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(`bytes allocated per request: ${baseline} ${total(bare).toFixed(0)}, ${scenario} ${total(other).toFixed(0)}`);
const keys = new Set([...bare.keys(), ...other.keys()]);
const diffs = [...keys].map((k) => [k, (other.get(k) ?? 0) - (bare.get(k) ?? 0), other.get(k) ?? 0]);
diffs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
for (const [site, diff, own] of diffs.slice(0, Number(topArg))) {
  console.log(`${diff >= 0 ? '+' : ''}${diff.toFixed(0).padStart(6)} B  (${own.toFixed(0).padStart(5)})  ${site}`);
}
