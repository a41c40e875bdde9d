import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { MetricsService, type ObservabilityOptions } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { bootProfilingApp, CapturedLogger, samplesOf } from './helpers/profiling-app.js';
import { refusedPort } from './helpers/ports.js';
import { FakePyroscope } from './helpers/pyroscope-server.js';

/** Polls `condition` (which may send requests) until it holds or the deadline passes. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function dropped(app: INestApplication, reason: string): Promise<number> {
  const metric = await app.get(MetricsService).registry.getSingleMetric('test_profiles_dropped_total')?.get();
  return metric?.values.find((v) => v.labels['reason'] === reason)?.value ?? 0;
}

const PYROSCOPE = {
  upload_interval: '1s',
  application_name: 'assistant-test',
  environment: 'test',
  version: '1.2.3',
  tags: { region: 'eu' },
} satisfies ObservabilityOptions['profiling'];

describe('continuous profiling to Pyroscope', () => {
  let app: INestApplication | undefined;
  let pyroscope: FakePyroscope | undefined;
  afterEach(async () => {
    await app?.close();
    await pyroscope?.stop();
    app = pyroscope = undefined;
  });

  it('pushes CPU and heap profiles with the application name, tags and route labels', async () => {
    pyroscope = new FakePyroscope();
    const endpoint = await pyroscope.start();
    app = await bootProfilingApp({ metrics: true, profiling: { ...PYROSCOPE, pyroscope_endpoint: endpoint } });
    const http = request(app.getHttpServer());
    let n = 0;
    const hotCpu = () =>
      pyroscope!.ingested.some(
        (p) =>
          p.params['sampleRate'] &&
          samplesOf(p.profile).some((s) => (s.leaf === 'spinHotLoop' || s.leaf === 'hot') && s.labels['route'] === '/hot/:n'),
      );
    await until(async () => {
      await http.get(`/hot/${n++}`).expect(200);
      return hotCpu() && pyroscope!.ingested.some((p) => !p.params['sampleRate']);
    });
    const name = 'assistant-test{environment=test,region=eu,service=assistant-test,version=1.2.3}';
    expect(new Set(pyroscope.ingested.map((p) => p.params['name']))).toEqual(new Set([name]));
    const cpu = pyroscope.ingested.find((p) => p.params['sampleRate'])!;
    expect(cpu.params).toMatchObject({ format: 'pprof', spyName: 'nodespy', sampleRate: '100' });
    expect(Number(cpu.params['until'])).toBeGreaterThanOrEqual(Number(cpu.params['from']));
    const heap = pyroscope.ingested.find((p) => !p.params['sampleRate'])!;
    expect(heap.profile.sampleType.map((t) => heap.profile.stringTable.strings[Number(t.type)])).toEqual(['inuse_objects', 'inuse_space']);
    expect(pyroscope.protocolErrors).toEqual([]);
    expect(await dropped(app, 'unreachable')).toBe(0);
    const exposition = await app.get(MetricsService).registry.metrics();
    const utilization = Number(/^test_event_loop_utilization (\S+)$/m.exec(exposition)?.[1]);
    expect(utilization).toBeGreaterThan(0);
    expect(utilization).toBeLessThanOrEqual(1);
    expect(exposition).toMatch(/^test_profiles_uploaded_total [1-9]\d*$/m);
  });

  it('with cpu_duty_cycle 0.5: CPU profiles for every other upload interval, still labelled; heap profiles every interval', async () => {
    pyroscope = new FakePyroscope();
    const endpoint = await pyroscope.start();
    app = await bootProfilingApp({ profiling: { ...PYROSCOPE, cpu_duty_cycle: 0.5, pyroscope_endpoint: endpoint } });
    const http = request(app.getHttpServer());
    let n = 0;
    const heaps = () => pyroscope!.ingested.filter((p) => !p.params['sampleRate']);
    await until(async () => {
      await http.get(`/hot/${n++}`).expect(200);
      return heaps().length >= 4;
    });
    const cpu = pyroscope.ingested.filter((p) => p.params['sampleRate']);
    expect(cpu.length).toBeGreaterThan(0);
    expect(cpu.length).toBeLessThan(heaps().length);
    const samples = cpu.flatMap((p) => samplesOf(p.profile));
    expect(samples.some((s) => (s.leaf === 'spinHotLoop' || s.leaf === 'hot') && s.labels['route'] === '/hot/:n')).toBe(true);
    // No two CPU profiles claim the same time.
    const ranges = cpu.map((p) => [Number(p.params['from']), Number(p.params['until'])] as const);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1] - 1);
  });

  it('with the receiver down: requests succeed, drops are counted, one warning, and one line when it is back', async () => {
    // Held refused while the receiver is down (no other process can listen there meanwhile), then handed to it.
    const held = await refusedPort();
    onTestFinished(held.close);
    const port = held.port;
    const logger = new CapturedLogger();
    app = await bootProfilingApp({ metrics: true, logger, profiling: { ...PYROSCOPE, pyroscope_endpoint: `http://127.0.0.1:${port}` } });
    const http = request(app.getHttpServer());
    await until(async () => {
      await http.get('/cold').expect(200);
      return (await dropped(app!, 'unreachable')) >= 4;
    });
    expect(logger.texts('warn')).toEqual([
      `Pyroscope upload to http://127.0.0.1:${port} failed (ECONNREFUSED); profiles are dropped and counted in profiles_dropped_total until it answers again. Captures, endpoints and the app are unaffected.`,
    ]);
    await held.close();
    pyroscope = new FakePyroscope();
    await pyroscope.start(port);
    await until(() => logger.texts('log').some((l) => l.startsWith('Pyroscope uploads succeed again')));
    expect(logger.texts('log').filter((l) => l.startsWith('Pyroscope uploads succeed again'))).toEqual([
      expect.stringMatching(/^Pyroscope uploads succeed again; \d+ profile\(s\) were dropped while it was failing\.$/),
    ]);
    expect(logger.texts('warn')).toHaveLength(1);
  });

  it('with the receiver hanging: uploads time out and are counted, and shutdown finishes within its deadline', async () => {
    pyroscope = new FakePyroscope();
    pyroscope.mode = 'hang';
    const endpoint = await pyroscope.start();
    app = await bootProfilingApp({ metrics: true, profiling: { ...PYROSCOPE, upload_timeout: '200ms', pyroscope_endpoint: endpoint } });
    const http = request(app.getHttpServer());
    await until(async () => {
      await http.get('/hot/1').expect(200);
      return (await dropped(app!, 'timeout')) >= 1;
    });
    const closing = app.close().then(() => 'closed');
    app = undefined;
    const outcome = await Promise.race([closing, new Promise((r) => setTimeout(() => r('still open after 5s'), 5_000).unref())]);
    expect(outcome).toBe('closed');
  });

  it('with an upload hanging past the shutdown deadline: close() still finishes in time', async () => {
    pyroscope = new FakePyroscope();
    pyroscope.mode = 'hang';
    const endpoint = await pyroscope.start();
    app = await bootProfilingApp({ profiling: { ...PYROSCOPE, upload_timeout: '2m', pyroscope_endpoint: endpoint } });
    await until(() => pyroscope!.pending >= 1);
    const closing = app.close().then(() => 'closed');
    app = undefined;
    const outcome = await Promise.race([closing, new Promise((r) => setTimeout(() => r('still open after 5s'), 5_000).unref())]);
    expect(outcome).toBe('closed');
  });
});
