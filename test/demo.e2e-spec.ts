import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadObservabilityConfig } from 'nestjs-observability';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, DemoProcess, REPO_ROOT, until } from './helpers/demo-process.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The body of the first fenced block after `<!-- marker -->` in the README. */
function readmeBlock(marker: string): string {
  const after = readme.slice(readme.indexOf(`<!-- ${marker} -->`));
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(after);
  if (!readme.includes(`<!-- ${marker} -->`) || !match) throw new Error(`README has no block after <!-- ${marker} -->`);
  return match[1]!;
}

/** An expected output line of the README as a pattern: `…` stands for whatever varies. */
function linePattern(line: string): RegExp {
  return new RegExp(
    `^${line
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')}$`,
  );
}

/** The spans the console exporter printed (util.inspect objects, one per span, from a `{` line to a `}` line). */
function consoleSpans(stdout: string): string[] {
  return [...stdout.matchAll(/^\{\n[\s\S]*?^\}$/gm)].map((m) => m[0]);
}

/** The message the library gives for a file, as the demo should print it. */
function configErrorMessage(file: string): string {
  try {
    loadObservabilityConfig(file, { env: {} });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} is valid`);
}

// `npm start` as a user runs it: npm, its build step, the demo's preload and main.
describe('npm start', () => {
  let demo: DemoProcess | undefined;

  beforeAll(buildDemo, 180_000);
  afterEach(async () => {
    await demo?.stop();
    demo = undefined;
  });

  it('prints a bad configuration as its message alone on stderr and exits 1', async () => {
    demo = new DemoProcess({ OBSERVABILITY_CONFIG: 'test/fixtures/bad-namespace.yaml', PORT: '0' });
    expect(await demo.exit()).toBe(1);
    const message = configErrorMessage(join(REPO_ROOT, 'test/fixtures/bad-namespace.yaml'));
    expect(message).toContain(join(REPO_ROOT, 'test/fixtures/bad-namespace.yaml'));
    expect(message).toContain('observability.metrics.namespace');
    expect(message).toContain('"bad name"');
    expect(demo.stderr).toBe(`${message}\n`);
  }, 120_000);

  it('reads a relative OBSERVABILITY_CONFIG from the directory npm was run in, and lists where the suite serves', async () => {
    demo = new DemoProcess({ OBSERVABILITY_CONFIG: 'test/fixtures/relative-demo.yaml', PORT: '0' });
    const port = await demo.listening();
    const base = `http://localhost:${port}`;
    const listing = demo.logLines().find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('observability:'));
    expect(listing).toMatchObject({
      context: 'Assistant',
      metrics: `${base}/relative-metrics`,
      health: `${base}/health (/health/live, /health/ready)`,
      traces: 'kept in process (memory exporter: TracingService.recentSpans())',
      logs: 'stdout',
      msg:
        `observability: metrics ${base}/relative-metrics; health ${base}/health (/health/live, /health/ready); ` +
        `management ${base} (/alerts, /alerts/silences, /scaling; management.token); traces kept in process (memory exporter: TracingService.recentSpans()); logs stdout`,
    });
    const exposition = await (await fetch(`${base}/relative-metrics`)).text();
    expect(exposition).toMatch(/^# TYPE relative_demo_requests_total counter$/m);
    expect(demo.stderr).toBe('');
  }, 120_000);

  it("runs the README's demo tour as pasted, and it prints what the README says", async () => {
    const start = readmeBlock('tour-start').trim();
    const startEnv = /^((?:[A-Z_]+=\S+ )*)npm start$/.exec(start);
    expect(startEnv, start).not.toBeNull();
    const env = Object.fromEntries(
      startEnv![1]!
        .trim()
        .split(' ')
        .map((pair) => pair.split('=') as [string, string]),
    );
    // Chance, switched off: the provider's random failures, and ordinary traces kept by the 1% ratio.
    demo = new DemoProcess({ ...env, PORT: '0', LLM_FAILURE_RATE: '0', TRACING_SAMPLE_RATE: '0' });
    const port = await demo.listening();

    const listing = demo.logLines().find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('observability:'));
    const documented = /\{[^\n]*"msg":"observability: …"\}/.exec(readme)?.[0];
    const { msg: _msg, ...where } = JSON.parse(documented!.replaceAll(':3000', `:${port}`)) as Record<string, unknown>;
    expect(listing).toMatchObject(where);
    expect(listing?.['msg']).toBe(
      `observability: metrics http://localhost:${port}/metrics; health http://localhost:${port}/health (/health/live, /health/ready); ` +
        `management http://localhost:${port} (/alerts, /alerts/silences, /scaling; management.token); traces printed to stdout (console exporter); logs stdout`,
    );

    const { stdout } = await promisify(execFile)('bash', ['-e', '-o', 'pipefail', '-c', readmeBlock('tour')], {
      env: { ...process.env, PORT: String(port), OBSERVABILITY_TOKEN: undefined },
      timeout: 60_000,
    });
    const printed = stdout.trimEnd().split('\n');
    const expected = readmeBlock('tour-output').trimEnd().split('\n');
    expect(printed, stdout).toHaveLength(expected.length);
    expected.forEach((line, i) => expect(printed[i]).toMatch(linePattern(line)));

    // The demo's own terminal: request lines, and the spans of the kept traces.
    const rootOf = (requestId: string) => consoleSpans(demo!.stdout).find((span) => span.includes(`request_id: '${requestId}'`));
    const agentRoot = () => consoleSpans(demo!.stdout).find((span) => span.includes("name: 'POST /api/agents'"));
    await until('the kept traces to be printed', () => (rootOf('tour-error') && rootOf('tour-slow') && agentRoot() ? true : undefined));
    expect(rootOf('tour-error')).toContain("'sampling.reason': 'error'");
    expect(rootOf('tour-slow')).toContain("'sampling.reason': 'slow'");
    expect(agentRoot()).toContain("'sampling.reason': 'critical'");
    expect(rootOf('tour-chat')).toBeUndefined();
    const traceId = /traceId: '([0-9a-f]{32})'/.exec(rootOf('tour-error')!)![1]!;
    const providerSpan = consoleSpans(demo.stdout).find(
      (span) => span.includes(`traceId: '${traceId}'`) && span.includes("name: 'llm.complete'"),
    );
    expect(providerSpan).toContain("name: 'exception'");
    const requestLine = await until('the failed request line', () =>
      demo!.logLines().find((l) => l['request_id'] === 'tour-error' && l['msg'] === 'request completed'),
    );
    expect(requestLine).toMatchObject({ level: 'error', trace_id: traceId, req: { route: '/api/chat' }, res: { status_code: 502 } });
  }, 150_000);
});
