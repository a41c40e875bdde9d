import { join } from 'node:path';
import { loadObservabilityConfig } from 'nestjs-observability';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, DemoProcess, REPO_ROOT } from './helpers/demo-process.js';

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
  }, 60_000);

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
        'traces kept in process (memory exporter: TracingService.recentSpans()); logs stdout',
    });
    const exposition = await (await fetch(`${base}/relative-metrics`)).text();
    expect(exposition).toMatch(/^# TYPE relative_demo_requests_total counter$/m);
    expect(demo.stderr).toBe('');
  }, 60_000);
});
