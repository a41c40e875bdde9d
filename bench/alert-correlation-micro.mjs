// What correlation costs the notification side (run `npm run build` first): 256 firing alerts, each in a group of
// its own, sent every evaluation as the evaluator does, with one new alert per evaluation that correlates with none
// of them — the worst case, compared with every firing alert (120-point trends, lags of ±2 evaluations). The same
// dispatcher without a correlator, interleaved in the same run, is the baseline. CPU time per send(), median of rounds.
// Usage: node bench/alert-correlation-micro.mjs [--rounds 7]
import { AlertCorrelator } from '../libs/observability/dist/alerting/correlation/alert-correlator.js';
import { NotificationDispatcher } from '../libs/observability/dist/alerting/notifiers/notification-dispatcher.js';

const args = process.argv.slice(2);
const rounds = args[0] === '--rounds' ? Number(args[1]) : 7;
const ALERTS = 256;
const POINTS = 120;
const SENDS = 200;
const STEP = 15_000;

let seed = 7;
const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;

function alert(i, now) {
  const labels = { alertname: `Rule${i % 50}`, route: `/r/${i}` };
  return {
    fingerprint: `fp-${i}`,
    labels,
    annotations: {},
    state: 'firing',
    activeAt: new Date(now - POINTS * STEP * rnd()),
    firedAt: new Date(now - 60_000),
    evidence: {
      value: 1,
      threshold: 0,
      operator: '>',
      trend: Array.from({ length: POINTS }, (_, k) => [now - (POINTS - k) * STEP, rnd()]),
      traceIds: [],
    },
  };
}

/** A clock whose timers never fire: only send() is measured, not flushes. */
const clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };
const logger = { log() {}, warn() {} };

function run(correlate) {
  const correlator = correlate
    ? new AlertCorrelator({ windowMs: 3_600_000, labels: ['endpoint'], minCorrelation: 0.8, minPoints: 5, upstream: [] })
    : undefined;
  const d = new NotificationDispatcher({ notifiers: [], logger, clock, grouping: { groupBy: ['...'] }, correlator });
  const now = Date.UTC(2026, 0, 1);
  const firing = Array.from({ length: ALERTS }, (_, i) => alert(i, now));
  d.send(firing, new Date(now));
  const start = process.cpuUsage();
  for (let s = 0; s < SENDS; s++) d.send([...firing, alert(ALERTS + s, now)], new Date(now));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / SENDS;
}

const base = [];
const withCorrelation = [];
for (let r = 0; r < rounds; r++) {
  base.push(run(false));
  withCorrelation.push(run(true));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const b = median(base);
const c = median(withCorrelation);
console.log(`send() of ${ALERTS} firing alerts + 1 new, CPU µs per send (median of ${rounds}):`);
console.log(`  without correlation  ${b.toFixed(0)}`);
console.log(`  with correlation     ${c.toFixed(0)}  (×${(c / b).toFixed(2)}; +${((c - b) / ALERTS).toFixed(2)} µs per compared alert)`);
