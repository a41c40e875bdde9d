import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ProfilingModule, ProfilingService, type PprofModule } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AUTH,
  binary,
  bootProfilingApp,
  CapturedLogger,
  captureWhileLoading,
  decodeProfile,
  samplesOf,
  TOKEN,
  type AdapterKind,
} from './helpers/profiling-app.js';

const PATHS = [
  '/debug/pprof/profile?seconds=1',
  '/debug/pprof/heap',
  '/debug/pprof/profiles',
  '/debug/pprof/profiles/cpu-1',
  '/debug/pprof/insights',
];

describe('ProfilingModule off, unavailable, or without attribution', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is off by default: the native profiler is never imported and no pprof path exists', async () => {
    const importer = vi.fn(() => Promise.reject(new Error('must not be called')));
    app = await bootProfilingApp({ profiling: { enabled: false }, importPprof: importer });
    const http = request(app.getHttpServer());
    for (const path of PATHS) await http.get(path).set(AUTH).expect(404);
    // Nothing per request either: no request context (it would echo a request id on every response).
    const cold = await http.get('/cold').expect(200);
    expect(cold.headers['x-request-id']).toBeUndefined();
    expect(importer).not.toHaveBeenCalled();
    expect(app.get(ProfilingService).active).toBe(false);
  });

  it('does not bring the request context when profiling is on either: profiles need no request id', async () => {
    app = await bootProfilingApp();
    const cold = await request(app.getHttpServer()).get('/cold').expect(200);
    expect(cold.headers['x-request-id']).toBeUndefined();
  });

  it('takes its configuration from an async factory (forRootAsync), as ObservabilityModule gives it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ProfilingModule.forRootAsync({
          useFactory: async () => ({ profiling: { enabled: true, endpoints: true }, management: { token: TOKEN } }),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect(app.get(ProfilingService).active).toBe(true);
    await request(app.getHttpServer()).get('/debug/pprof/heap').set(AUTH).expect(200);
  });

  it('leaves a second app in the same process with profiling off and one warning: V8 has one CPU profiler', async () => {
    app = await bootProfilingApp();
    const logger = new CapturedLogger();
    const second = await bootProfilingApp({ logger });
    try {
      expect(app.get(ProfilingService).active).toBe(true);
      expect(second.get(ProfilingService).active).toBe(false);
      expect(logger.texts('warn')).toEqual([
        'Profiling is off: the V8 wall profiler is already running in this process (another app or a profiling agent owns it; V8 has one per process).',
      ]);
      await request(second.getHttpServer()).get('/hot/1').expect(200);
    } finally {
      await second.close();
    }
    // Closing the second app leaves the first one's profiler running.
    await request(app.getHttpServer()).get('/debug/pprof/profile?seconds=1').set(AUTH).expect(200);
  });

  it('starts the app with one warning and profiling off where the addon cannot load', async () => {
    const logger = new CapturedLogger();
    const importer = () =>
      Promise.reject(new Error('No native build was found for platform=linux arch=x64 runtime=node abi=999\nloaded from: /x'));
    app = await bootProfilingApp({ importPprof: importer, logger });
    await request(app.getHttpServer()).get('/hot/1').expect(200);
    expect(logger.texts('warn')).toEqual([
      `Profiling is off: the native profiler (@datadog/pprof) could not be loaded on Node ${process.versions.node} (No native build was found for platform=linux arch=x64 runtime=node abi=999). The application runs without it.`,
    ]);
    expect(app.get(ProfilingService).active).toBe(false);
    const res = await request(app.getHttpServer()).get('/debug/pprof/heap').set(AUTH).expect(503);
    expect(res.body.message).toBe('profiling is not running (disabled, or the native profiler could not load)');
  });

  it('records wall time only, with no route labels, and still finds the hot function', async () => {
    app = await bootProfilingApp({ profiling: { attribution: false } });
    const http = request(app.getHttpServer());
    let n = 0;
    const res = await captureWhileLoading(http, { seconds: 2, load: () => http.get(`/hot/${n++}`).expect(200) });
    expect(res.status).toBe(200);
    const profile = decodeProfile(res.body as Buffer);
    const types = profile.sampleType.map((t) => profile.stringTable.strings[Number(t.type)]);
    expect(types).toContain('wall');
    expect(types).not.toContain('cpu');
    const samples = samplesOf(profile);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((s) => s.labels['route'] !== undefined)).toEqual([]);
    const insights = await http.get('/debug/pprof/insights').set(AUTH).expect(200);
    expect(insights.body.cpu.measure).toBe('wall');
    expect(insights.body.cpu.top_self.slice(0, 3).map((f: { function: string }) => f.function)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(spinHotLoop|hot)$/)]),
    );
  });
});

describe.each<AdapterKind>(['express', 'fastify'])('pprof endpoints on %s', (adapter) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers 401 without the management token on every endpoint', async () => {
    app = await bootProfilingApp({ adapter });
    const http = request(app.getHttpServer());
    for (const path of PATHS) {
      const res = await http.get(path).expect(401);
      expect(res.body).toEqual({ statusCode: 401, message: 'Authorization: Bearer <management.token> required' });
      await http.get(path).set('Authorization', 'Bearer not-the-token-0123456789').expect(401);
    }
  });

  it('refuses seconds outside the bound with 400 naming it, and a second concurrent capture with 409', async () => {
    app = await bootProfilingApp({ adapter, profiling: { max_profile_seconds: 5 } });
    const http = request(app.getHttpServer());
    for (const bad of ['0', '6', 'abc', '1.5', '-1']) {
      const res = await http.get(`/debug/pprof/profile?seconds=${bad}`).set(AUTH).expect(400);
      expect(res.body.message).toBe('seconds must be an integer from 1 to 5');
    }
    const first = http.get('/debug/pprof/profile?seconds=2').set(AUTH).buffer(true).parse(binary);
    const firstDone = first.then((r) => r);
    await vi.waitFor(() => expect(app!.get(ProfilingService).capturing).toBe(true), { timeout: 5_000 });
    const second = await http.get('/debug/pprof/profile?seconds=1').set(AUTH).expect(409);
    expect(second.body.message).toBe('a CPU profile is already being captured; try again when it finishes');
    expect((await firstDone).status).toBe(200);
  });

  it('serves CPU profiles whose hot function carries the route template, and lists and serves stored ones', async () => {
    // The real addon, handed to the app, so the test sees the process-wide state of V8's CPU profiler.
    const pprof = (await import('@datadog/pprof')) as PprofModule & { default?: PprofModule };
    const profiler = pprof.time ? pprof : pprof.default!;
    app = await bootProfilingApp({ adapter, importPprof: async () => profiler });
    expect(app.get(ProfilingService).active).toBe(true);
    // Without Pyroscope the CPU profiler runs only while a capture does.
    expect(profiler.time.isStarted()).toBe(false);
    const http = request(app.getHttpServer());
    let n = 0;
    const res = await captureWhileLoading(http, {
      seconds: 2,
      load: () => http.get(`/hot/${n++}`).expect(200),
      started: () => vi.waitFor(() => expect(profiler.time.isStarted()).toBe(true), { timeout: 5_000 }),
    });
    expect(profiler.time.isStarted()).toBe(false);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    const profile = decodeProfile(res.body as Buffer);
    const samples = samplesOf(profile);
    const types = profile.sampleType.map((t) => profile.stringTable.strings[Number(t.type)]);
    expect(types).toContain('cpu');
    const cpu = types.indexOf('cpu');
    const bySelf = new Map<string, number>();
    for (const s of samples) bySelf.set(s.leaf, (bySelf.get(s.leaf) ?? 0) + (s.values[cpu] ?? 0));
    const top3 = [...bySelf.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name]) => name);
    // The hot loop, or its handler when V8 inlined the loop into it (the samples then land on the handler's frame).
    const hot = top3.find((name) => name === 'spinHotLoop' || name === 'hot');
    expect(hot, `top 3 by self time: ${top3.join(', ')}`).toBeDefined();
    const hotLabels = samples.filter((s) => s.leaf === hot).map((s) => s.labels['route']);
    expect(hotLabels.length).toBeGreaterThan(0);
    expect(new Set(hotLabels)).toEqual(new Set(['/hot/:n']));

    const id = res.headers['x-profile-id'] as string;
    const list = await http.get('/debug/pprof/profiles').set(AUTH).expect(200);
    expect(list.body.profiles[0]).toMatchObject({ id, kind: 'cpu', trigger: 'on_demand', bytes: (res.body as Buffer).length });
    const again = await http.get(`/debug/pprof/profiles/${id}`).set(AUTH).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(again.body as Buffer, res.body as Buffer)).toBe(0);
    await http.get('/debug/pprof/profiles/cpu-999').set(AUTH).expect(404);

    const insights = await http.get('/debug/pprof/insights').set(AUTH).expect(200);
    expect(insights.body.cpu.top_self.slice(0, 3).map((f: { function: string }) => f.function)).toContain(hot);
    // Per route, the hot loop leads; V8 may have inlined it into its handler, whose frame then carries the samples.
    expect(insights.body.cpu.routes['/hot/:n'].top_self.slice(0, 3)).toContainEqual(
      expect.objectContaining({
        function: expect.stringMatching(/^(spinHotLoop|hot)$/),
        file: expect.stringContaining('profiling-app.ts'),
      }),
    );
  });

  it('serves a heap profile readable by pprof', async () => {
    app = await bootProfilingApp({ adapter });
    const res = await request(app.getHttpServer()).get('/debug/pprof/heap').set(AUTH).buffer(true).parse(binary).expect(200);
    const profile = decodeProfile(res.body as Buffer);
    expect(profile.sampleType.map((t) => profile.stringTable.strings[Number(t.type)])).toEqual(['inuse_objects', 'inuse_space']);
  });
});
