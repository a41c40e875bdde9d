// Starts the built demo with the Node that runs this script (scripts/check-node22.sh runs it on Node 22, the oldest
// the library supports), as `npm start` does (its preload, then main), and checks what a user would: it listens, an
// API request is answered with a request id and logged as one JSON line carrying that id, /metrics counts it, and
// SIGTERM stops it with exit 0. Needs `npm run build` first. Exit 1 with what was wrong, the demo's output included.
import { startBuiltDemo } from './built-demo.mjs';

const demo = startBuiltDemo({ PORT: '0', NODE_ENV: 'production' });

async function check() {
  const port = await demo.until(
    'it listens',
    () => demo.lines().find((line) => String(line.msg).startsWith('Assistant listening on'))?.port,
  );
  const response = await fetch(`http://127.0.0.1:${port}/api/agents`);
  const requestId = response.headers.get('x-request-id');
  if (response.status !== 200 || !requestId) throw new Error(`GET /api/agents answered ${response.status}, x-request-id ${requestId}`);
  await demo.until('the request line', () =>
    demo.lines().find((line) => line.request_id === requestId && line.msg === 'request completed'),
  );
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  if (!metrics.includes('assistant_requests_total{method="GET",endpoint="/api/agents",status_code="200"} 1\n')) {
    throw new Error('/metrics does not count the request');
  }
  const code = await demo.stop();
  if (code !== 0) throw new Error(`SIGTERM: exit ${code}`);
}

try {
  await check();
  console.log(`Node ${process.versions.node}: the demo started, answered, logged, counted and stopped`);
} catch (error) {
  await demo.stop('SIGKILL');
  console.error(
    `Node ${process.versions.node}: ${error.message}\n--- demo stdout ---\n${demo.stdout()}\n--- demo stderr ---\n${demo.stderr()}`,
  );
  process.exit(1);
}
