// What the one redaction policy costs per request (run `npm run build` first): the request log line redacts the
// URL and the user agent of every request. Times the policy against the regex redactor it replaced (kept here as
// the baseline, as it was), interleaved in rounds in the same run, and the whole request line with each.
// Usage: node bench/redaction-micro.mjs
import { Redactor } from '../libs/observability/dist/logging/redactor.js';
import { RequestLineWriter } from '../libs/observability/dist/logging/request-line.js';

const REDACTED = '[REDACTED]';
const KEYS = [
  'password',
  'passwd',
  'api_key',
  'apikey',
  'x-api-key',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'secret',
  'client_secret',
];

/** The string redaction the suite had before the policy: two regexes, easy to get around (see the issue). */
class RegexRedactor {
  constructor(keys, maxValueLength) {
    this.maxValueLength = maxValueLength;
    const names = keys.map((k) => k.replace(/[.-]/g, '\\$&'));
    this.queryParam = new RegExp(`([?&;](?:${names.join('|')})=)[^&#;\\s"']*`, 'gi');
    this.credentials = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s/@]*)@/gi;
  }
  string(value) {
    let out = value.includes('@') ? value.replace(this.credentials, `$1$2:${REDACTED}@`) : value;
    if (out.includes('=')) out = out.replace(this.queryParam, `$1${REDACTED}`);
    if (out.length > this.maxValueLength) out = `${out.slice(0, this.maxValueLength)}...`;
    return out;
  }
}

/** What requests look like: mostly plain paths, some queries, a real browser's and a client library's user agent. */
const URLS = [
  '/api/items/42',
  '/api/chat',
  '/api/memory/conv-7',
  '/api/agents?page=2&limit=50',
  '/search?q=hello%20world',
  '/api/items/42?token=abc',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/119.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'python-requests/2.31.0',
  'curl/8.5.0',
];

const policy = new Redactor([], 4096);
const regex = new RegexRedactor(KEYS, 4096);
const line = (i) => ({
  level: 'info',
  requestId: 'req-1',
  method: 'GET',
  url: URLS[i % URLS.length],
  route: '/api/items/:id',
  userAgent: AGENTS[i % AGENTS.length],
  status: 200,
  durationMs: 1.234,
  aborted: false,
});
const writers = { policy: new RequestLineWriter(policy), regex: new RequestLineWriter(regex) };

function run(fn, n) {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += fn(i).length;
  if (sink === 0) throw new Error('unreachable');
  return Number(process.hrtime.bigint() - start) / n;
}

const cases = {
  'url + user agent, the policy': (i) => policy.string(URLS[i % URLS.length]) + policy.string(AGENTS[i % AGENTS.length]),
  'url + user agent, the old regexes': (i) => regex.string(URLS[i % URLS.length]) + regex.string(AGENTS[i % AGENTS.length]),
  'whole request line, the policy': (i) => writers.policy.serialize(line(i)),
  'whole request line, the old regexes': (i) => writers.regex.serialize(line(i)),
};
const N = 300_000;
const ROUNDS = 7;
const results = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const fn of Object.values(cases)) run(fn, N); // warm-up
for (let r = 0; r < ROUNDS; r++) for (const [name, fn] of Object.entries(cases)) results[name].push(run(fn, N));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`node ${process.version}; median of ${ROUNDS} interleaved rounds of ${N} requests each (ns per request)\n`);
for (const [name, xs] of Object.entries(results)) console.log(`${name.padEnd(40)} ${median(xs).toFixed(0).padStart(6)} ns`);
const added = median(results['whole request line, the policy']) - median(results['whole request line, the old regexes']);
console.log(`\npolicy vs old regexes, per request line: ${added >= 0 ? '+' : ''}${added.toFixed(0)} ns`);
console.log(`as a share of the bare Nest request's CPU (24 µs, docs/performance.md): ${((added / 24_000) * 100).toFixed(2)} %`);
