import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { FakeLoki } from '../helpers/loki-server.js';
import { OtlpHttpReceiver } from '../helpers/tracing-otlp-receivers.js';

/**
 * The contract of issue "no secret in any output": every place a secret can come from (left) and every output
 * the suite writes (searched below). Each secret is distinct, so a leak names the place it came from.
 */
const PLANTED = {
  requestTargetUserinfo: 'LEAK-TARGET-USERINFO',
  queryPercentEncodedKey: 'LEAK-QUERY-PCT',
  queryBracketKey: 'LEAK-QUERY-BRACKET',
  queryBracketIndexKey: 'LEAK-QUERY-BRACKET-X',
  queryValueAfterQuote: 'LEAK-QUERY-QUOTE',
  querySchemelessUrl: 'LEAK-QUERY-SCHEMELESS',
  queryAtInPassword: 'LEAK-QUERY-AT',
  queryPlainApiKey: 'LEAK-QUERY-APIKEY',
  headerAuthorization: 'LEAK-HEADER-AUTH',
  headerCookie: 'LEAK-HEADER-COOKIE',
  headerApiKey: 'LEAK-HEADER-APIKEY',
  headerCustomRedacted: 'LEAK-HEADER-CUSTOM',
  bodyPasswordField: 'LEAK-BODY-FIELD',
  bodyInlineText: 'LEAK-BODY-TEXT',
  userAgent: 'LEAK-USER-AGENT',
  pathSegment: 'LEAK-PATH',
  dependencyUserinfo: 'LEAK-DEP-USERINFO',
  dependencyQueryToken: 'LEAK-DEP-TOKEN',
  managementToken: 'LEAK-MGMT-TOKEN-0123456789',
  lokiPassword: 'LEAK-LOKI-PASSWORD',
  configMisspelledKey: 'LEAK-CFG-MISSPELLED',
  configMisspelledWebhook: 'LEAK-CFG-WEBHOOK',
  configInvalidUrlPassword: 'LEAK-CFG-URL-PASSWORD',
  configInvalidUrlQuery: 'LEAK-CFG-URL-QUERY',
  configEnvIntoWrongType: 'LEAK-CFG-ENV',
} as const;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_DIR = join(ROOT, 'apps/assistant');

/** The demo as `npm start` runs it (built, with the preload), on a config file of the test's. */
class Demo {
  stdout = '';
  stderr = '';
  exit?: number | null;
  readonly child: ChildProcess;

  constructor(configFile: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'nestjs-observability/register', 'dist/main.js'], {
      cwd: DEMO_DIR,
      env: { PATH: process.env['PATH'] ?? '', OBSERVABILITY_CONFIG: configFile, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.child.on('exit', (code) => (this.exit = code));
  }

  async waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`${what} never happened; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    if (this.exit !== undefined) return;
    this.child.kill('SIGTERM');
    await this.waitFor(() => this.exit !== undefined, 'exit after SIGTERM', 30_000);
  }
}

/** Sends one raw HTTP/1.1 request (a request target curl cannot make) and returns the answer. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.on('connect', () => socket.end(request));
  });
}

async function get(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { headers });
  return `${res.status} ${await res.text()}`;
}

describe('no secret in any output (the demo, every exit searched)', () => {
  const loki = new FakeLoki();
  const otlp = new OtlpHttpReceiver();
  let dependency: Server;
  let dependencyHits = 0;
  let dir: string;
  let port: number;
  let demo: Demo;
  const outputs: Record<string, string> = {};

  beforeAll(async () => {
    await loki.start();
    await otlp.start();
    dependency = createServer((_req, res) => {
      dependencyHits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => dependency.listen(0, '127.0.0.1', resolve));
    const depPort = (dependency.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'obs-secrets-'));
    port = await freePort();
    const configFile = join(dir, 'observability.yaml');
    // The demo's own file, with every backend on and every request's trace kept (sample_rate 1).
    writeFileSync(
      configFile,
      `observability:
  logging:
    redact: ['x-tenant-key']
    loki:
      enabled: true
      endpoint: \${LOKI_URL}
      username: demo
      password: \${LOKI_PASSWORD}
      labels: { service: assistant }
      flush_interval: '100ms'
  metrics:
    namespace: assistant
  tracing:
    exporter: otlp-http
    endpoint: \${OTEL_ENDPOINT}
    service_name: assistant
    sample_rate: 1
    critical_routes: []
  health:
    interval: '1s'
    checks:
      http:
        - name: billing
          url: 'http://svc:${PLANTED.dependencyUserinfo}@127.0.0.1:${depPort}/status?token=${PLANTED.dependencyQueryToken}'
  alerts:
    enabled: false
  management:
    token: \${OBSERVABILITY_TOKEN}
`,
    );
    demo = new Demo(configFile, {
      PORT: String(port),
      OTEL_ENDPOINT: otlp.url,
      LOKI_URL: loki.url,
      LOKI_PASSWORD: PLANTED.lokiPassword,
      OBSERVABILITY_TOKEN: PLANTED.managementToken,
    });
    await demo.waitFor(() => demo.stdout.includes('Assistant listening'), 'the demo listening');
    const base = `http://127.0.0.1:${port}`;

    // Requests carrying secrets in every way a client can put them.
    await raw(
      port,
      `GET http://admin:${PLANTED.requestTargetUserinfo}@127.0.0.1:${port}/api/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    for (const query of [
      `%74oken=${PLANTED.queryPercentEncodedKey}`,
      `token[]=${PLANTED.queryBracketKey}`,
      `password[x]=${PLANTED.queryBracketIndexKey}`,
      `token=abc'${PLANTED.queryValueAfterQuote}`,
      `next=//bob:${PLANTED.querySchemelessUrl}@evil.example/`,
      `next=https://bob:p@${PLANTED.queryAtInPassword}@h/`,
      `a=1&api_key=${PLANTED.queryPlainApiKey}`,
    ]) {
      await raw(port, `GET /api/agents?${query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    }
    await get(`${base}/api/memory/password=${PLANTED.pathSegment}`, { 'User-Agent': `curl/8.0 password=${PLANTED.userAgent}` });
    await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${PLANTED.headerAuthorization}`,
        Cookie: `sid=${PLANTED.headerCookie}`,
        'X-Api-Key': PLANTED.headerApiKey,
        'X-Tenant-Key': PLANTED.headerCustomRedacted,
        'X-Simulate': 'error',
      },
      body: JSON.stringify({ message: `my password=${PLANTED.bodyInlineText}`, password: PLANTED.bodyPasswordField }),
    });
    // Health runs its dependency check on its schedule (outbound spans of its own).
    await demo.waitFor(() => dependencyHits >= 2, 'two health checks of the dependency');
    for (const path of ['/health', '/health/ready', '/health/live']) {
      outputs[`GET ${path}`] = await get(`${base}${path}`);
      outputs[`GET ${path} (token)`] = await get(`${base}${path}?fresh=1`, { Authorization: `Bearer ${PLANTED.managementToken}` });
    }
    outputs['GET /metrics'] = await get(`${base}/metrics`);
    // A later request's trace and log line arriving proves the earlier ones went out before the search.
    await get(`${base}/api/agents?marker=last`);
    await otlp.waitForSpans(
      (spans) => spans.some((s) => s.attributes['url.query'] === 'marker=last' || s.attributes['url.path'] === '/api/agents'),
      30_000,
    );
    await demo.stop();
    outputs['stdout'] = demo.stdout;
    outputs['stderr'] = demo.stderr;
    outputs['Loki pushes (decoded streams)'] = JSON.stringify(loki.pushes.map((p) => p.streams));
    outputs['OTLP exports (decoded)'] = JSON.stringify(otlp.exports.map((e) => e.decoded));

    // Startup errors: bad configurations, each run to its clean exit.
    const badFile = join(dir, 'bad.yaml');
    writeFileSync(
      badFile,
      `observability:
  logging:
    loki:
      endpoint: 'ftp://loki:${PLANTED.configInvalidUrlPassword}@loki/push?token=${PLANTED.configInvalidUrlQuery}'
      bearer_tokn: ${PLANTED.configMisspelledKey}
      batch_size: \${BATCH_SIZE}
  alerts:
    notification:
      slack:
        webhok_url: 'https://hooks.slack.com/services/${PLANTED.configMisspelledWebhook}'
`,
    );
    const bad = new Demo(badFile, { PORT: String(await freePort()), BATCH_SIZE: PLANTED.configEnvIntoWrongType });
    await bad.waitFor(() => bad.exit !== undefined, 'the demo to exit on a bad configuration');
    outputs['bad config: exit code'] = String(bad.exit);
    outputs['bad config: stdout'] = bad.stdout;
    outputs['bad config: stderr'] = bad.stderr;
  }, 180_000);

  afterAll(async () => {
    await demo?.stop();
    await loki.close();
    await otlp.stop();
    await new Promise((resolve) => dependency?.close(resolve));
  });

  it('searched outputs hold what the requests did (so that finding no secret means something)', () => {
    expect(outputs['stdout']).toContain('"route":"/api/memory/:id"');
    expect(outputs['Loki pushes (decoded streams)']).toContain('/api/memory/:id');
    expect(outputs['OTLP exports (decoded)']).toContain('GET /api/agents');
    expect(outputs['OTLP exports (decoded)']).toContain('/status');
    expect(outputs['GET /health (token)']).toContain('billing');
    expect(outputs['GET /metrics']).toContain('assistant_requests_total');
    expect(outputs['bad config: exit code']).not.toBe('0');
    expect(outputs['bad config: stderr']).toContain('observability.logging.loki.bearer_tokn');
    expect(outputs['bad config: stderr']).toContain('the value of ${BATCH_SIZE} (not shown)');
  });

  it('finds none of the planted secrets in any output', () => {
    const leaks: string[] = [];
    for (const [place, secret] of Object.entries(PLANTED)) {
      for (const [output, text] of Object.entries(outputs)) {
        if (text.includes(secret)) leaks.push(`${place} (${secret}) in ${output}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
