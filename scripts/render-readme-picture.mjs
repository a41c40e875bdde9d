// Renders docs/img/demo-console.svg, the README's picture: the demo's real console during a few steps of the
// README's demo tour. It builds nothing: run `npm run build` first. It starts the built demo as `npm start` does
// (apps/assistant, `node --import ./dist/preload.js dist/main.js`) on a free port, sends the requests, takes the
// demo's own log lines (the startup listing and one line per request) and the /metrics lines the tour greps,
// and draws them as a terminal in plain SVG text (no fonts to fetch). As in the README, time, pid and hostname
// are left out of the log lines, and the port is shown as 3000, the one `npm start` uses by default.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startBuiltDemo } from './built-demo.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const demoDir = `${root}apps/assistant`;
const output = `${root}docs/img/demo-console.svg`;
const TOKEN = 'demo-management-token';
const COLUMNS = 118;

if (!existsSync(`${demoDir}/dist/main.js`)) {
  process.stderr.write('apps/assistant/dist/main.js is missing: run `npm run build` first.\n');
  process.exit(1);
}

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});

const demo = startBuiltDemo({ PORT: String(port), OBSERVABILITY_TOKEN: TOKEN, LLM_FAILURE_RATE: '0', TRACING_SAMPLE_RATE: '0' });
const logLines = demo.lines;
const waitFor = demo.until;

const api = `http://127.0.0.1:${port}`;
const post = (path, body, headers = {}) =>
  fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

let metricsLines;
try {
  await waitFor('the demo to listen', () => logLines().find((l) => l.msg?.startsWith('observability:')));
  const chat = await (await post('/api/chat', { message: 'hello there' }, { 'x-request-id': 'tour-chat' })).json();
  await fetch(`${api}/api/memory/${chat.conversation_id}`, { headers: { 'x-request-id': 'tour-memory' } });
  await post('/api/agents', { name: 'triage', instructions: 'sort incoming tickets' }, { 'x-request-id': 'tour-agent' });
  await post('/api/chat', { message: 'hi' }, { 'x-request-id': 'tour-error', 'x-simulate': 'error' });
  const exposition = await (await fetch(`${api}/metrics`)).text();
  metricsLines = exposition.split('\n').filter((line) => line.startsWith('assistant_requests_total{method="POST",endpoint="/api/chat"'));
  await waitFor(
    'the request log lines',
    () => logLines().filter((l) => String(l.request_id).startsWith('tour-') && l.msg === 'request completed').length >= 4,
  );
} finally {
  await demo.stop();
}

const shown = (line) => {
  const rest = Object.fromEntries(Object.entries(line).filter(([key]) => !['time', 'pid', 'hostname'].includes(key)));
  return JSON.stringify(rest).replaceAll(`:${port}`, ':3000');
};
const lines = logLines();
const transcript = [
  { kind: 'command', text: `$ OBSERVABILITY_TOKEN=${TOKEN} npm start` },
  ...lines
    .filter((l) => l.msg?.startsWith('Assistant listening') || l.msg?.startsWith('observability:'))
    .map((l) => ({ kind: 'log', text: shown(l) })),
  // One line per request, and what went wrong in the failing one: the app's own info lines are left out.
  ...lines
    .filter((l) => String(l.request_id).startsWith('tour-') && (l.msg === 'request completed' || l.level !== 'info'))
    .map((l) => ({ kind: 'request', text: shown(l) })),
  { kind: 'command', text: `$ curl -s localhost:3000/metrics | grep '^assistant_requests_total{method="POST",endpoint="/api/chat"'` },
  ...metricsLines.map((text) => ({ kind: 'metrics', text })),
];

const COLORS = { command: '#7ee787', log: '#c9d1d9', request: '#a5d6ff', metrics: '#ffa657' };
const rows = transcript.flatMap(({ kind, text }) => {
  const parts = [];
  for (let i = 0; i < text.length; i += COLUMNS) parts.push({ kind, text: text.slice(i, i + COLUMNS) });
  return parts;
});
const escape = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const FONT = 13;
const LINE = 18;
const CHAR = FONT * 0.6;
const width = Math.ceil(COLUMNS * CHAR + 32);
const height = 44 + rows.length * LINE + 16;
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="The demo's console: the startup listing, one log line per request, and its RED metrics">`,
  `<rect width="${width}" height="${height}" rx="8" fill="#0d1117"/>`,
  ...['#ff5f56', '#ffbd2e', '#27c93f'].map((fill, i) => `<circle cx="${20 + i * 18}" cy="18" r="6" fill="${fill}"/>`),
  `<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="${FONT}" xml:space="preserve">`,
  ...rows.map(({ kind, text }, i) => `<text x="16" y="${44 + i * LINE}" fill="${COLORS[kind]}">${escape(text)}</text>`),
  '</g>',
  '</svg>',
  '',
].join('\n');
mkdirSync(fileURLToPath(new URL('../docs/img/', import.meta.url)), { recursive: true });
writeFileSync(output, svg);
process.stdout.write(`wrote docs/img/demo-console.svg (${rows.length} lines)\n`);
