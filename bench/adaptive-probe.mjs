// What the load governor's request probe costs per request (run `npm run build` first): the probe wraps the HTTP
// server's request listeners, counts every request and times the suite's end-of-request work for one in 64.
// Emits 'request' on a server with one trivial listener, with and without the probe, interleaved in rounds in
// the same run, and prints CPU ns per request for both and their difference.
// Usage: node bench/adaptive-probe.mjs [rounds]
import { EventEmitter } from 'node:events';
import { Server } from 'node:http';
import { RequestProbe } from '../libs/observability/dist/adaptive/governor/request-probe.js';

const REQUESTS = 2_000_000;
const rounds = Number(process.argv[2] ?? 7);

function server(withProbe) {
  const s = new Server();
  let handled = 0;
  s.on('request', () => {
    handled++;
  });
  if (withProbe) new RequestProbe(64).attach(s);
  return { s, handled: () => handled };
}

/** A response stand-in: an emitter that is closed after the listeners ran, as Node closes a real one. */
const req = {};
function run({ s }) {
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const res = new EventEmitter();
    s.emit('request', req, res);
    res.emit('close');
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1_000) / REQUESTS;
}

const bare = server(false);
const probed = server(true);
// Warm both paths up before measuring.
run(bare);
run(probed);
const results = { bare: [], probed: [] };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? ['bare', 'probed'] : ['probed', 'bare'];
  for (const name of order) results[name].push(run(name === 'bare' ? bare : probed));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const diffs = results.bare.map((b, i) => results.probed[i] - b);
console.log(`rounds: ${rounds} × ${REQUESTS} requests`);
console.log(`without probe: ${median(results.bare).toFixed(1)} ns/request (rounds: ${results.bare.map((x) => x.toFixed(0)).join(', ')})`);
console.log(
  `with probe:    ${median(results.probed).toFixed(1)} ns/request (rounds: ${results.probed.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(
  `probe adds:    ${median(diffs).toFixed(1)} ns/request (median of per-round differences; min ${Math.min(...diffs).toFixed(1)}, max ${Math.max(...diffs).toFixed(1)})`,
);
