import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/demo-process.js';
import { eventually } from './helpers/eventually.js';

/**
 * The peer stacks `npm run bench` compares the suite with (bench/scenarios/peers-*.mjs) must really do what the table
 * says they do, or the comparison is worthless: each writes a JSON request line to its file, counts and times the
 * request in /metrics by method, route and status, and creates and exports a server span over OTLP/HTTP for a
 * sampled request. Each runs as bench/run.mjs runs it: `node --import bench/preload/<scenario>.mjs bench/server.mjs <scenario>`.
 */
interface OtlpJsonSpan {
  traceId: string;
  parentSpanId?: string;
  kind: number;
  name: string;
}

interface OtlpJsonRequest {
  resourceSpans: { scopeSpans: { spans: OtlpJsonSpan[] }[] }[];
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const SERVER = 2;

let collector: Server;
let otlpUrl: string;
const exported: OtlpJsonSpan[] = [];
const dir = mkdtempSync(join(tmpdir(), 'bench-peers-'));

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = JSON.parse(body) as OtlpJsonRequest;
      for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) exported.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  collector.listen(0, '127.0.0.1');
  await once(collector, 'listening');
  otlpUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
});

afterAll(async () => {
  collector.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['peers-usual', 'peers-tuned'])('bench scenario %s', (scenario) => {
  it('logs the request line to its file, records RED metrics, and exports the sampled server span', { timeout: 90_000 }, async () => {
    exported.length = 0;
    const logFile = join(dir, `${scenario}.log`);
    const child = spawn(process.execPath, ['--import', `./bench/preload/${scenario}.mjs`, 'bench/server.mjs', scenario, '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, BENCH_LOG_FILE: logFile, BENCH_OTLP_URL: otlpUrl, OTEL_BSP_SCHEDULE_DELAY: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = once(child, 'exit');
    try {
      const port = await eventually(() => /ready (\d+)/.exec(out)?.[1] ?? false, { timeoutMs: 60_000, describe: () => out });
      const base = `http://127.0.0.1:${port}`;

      const response = await fetch(`${base}/bench/42`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
      expect(await response.json()).toEqual({ id: '42', ok: true, items: [1, 2, 3] });

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('http_requests_total{method="GET",route="/bench/:id",status="200"} 1\n');
      expect(metrics).toContain('http_request_duration_seconds_count{method="GET",route="/bench/:id",status="200"} 1\n');

      // The server span, child of the caller's, exported although the root sampler keeps 1%: parent-based sampling.
      await eventually(() => exported.some((s) => s.traceId === TRACE_ID && s.parentSpanId === PARENT_ID && s.kind === SERVER), {
        timeoutMs: 30_000,
        describe: () => JSON.stringify(exported),
      });
      // Usual: every auto-instrumentation, express's per-middleware spans included (they end before the server span,
      // so they were exported with it or earlier). Tuned: the http instrumentation's server span alone.
      const names = exported.filter((s) => s.traceId === TRACE_ID).map((s) => s.name);
      if (scenario === 'peers-usual') expect(names).toEqual(expect.arrayContaining(['request handler - /bench/:id', 'GET /bench/:id']));
      else expect(names).toEqual(['GET']);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    // The tuned destination writes asynchronously in 4 KiB batches: its lines are all out once the process has exited.
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; req?: { url: string }; res?: { statusCode?: number; status_code?: number } });
    const line = lines.find((l) => l.msg === 'request completed' && l.req?.url === '/bench/42');
    expect(line?.res?.statusCode ?? line?.res?.status_code).toBe(200);
  });
});
