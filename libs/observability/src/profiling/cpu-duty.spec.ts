import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { Profile } from 'pprof-format';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EgressTransport } from '../common/index.js';
import { validateObservabilityConfig } from '../config/index.js';
import { CaptureScheduler } from './capture.scheduler.js';
import type { PprofModule } from './pprof-loader.js';
import { ProfilerRuntime } from './profiler-runtime.js';
import { ProfilingService } from './profiling.service.js';

const noRegistry = {
  get: () => {
    throw new Error('no ScheduleModule');
  },
} as unknown as ModuleRef;

/** The native profiler's process-wide state, as @datadog/pprof keeps it: one wall profiler, one heap profiler. */
function fakePprof() {
  const state = { cpu: false, heap: false, cpuStarts: 0, cuts: 0 };
  const time = {
    isStarted: () => state.cpu,
    start: () => {
      if (state.cpu) throw new Error('Wall profiler is already started');
      state.cpu = true;
      state.cpuStarts++;
    },
    stop: (restart = false) => {
      if (!state.cpu) throw new Error('Wall profiler is not started');
      state.cpu = restart;
      state.cuts++;
      return new Profile();
    },
    runWithContext: (_context: object, fn: () => unknown) => fn(),
  };
  const heap = {
    start: () => {
      if (state.heap) throw new Error('Heap profiler is already started');
      state.heap = true;
    },
    stop: () => void (state.heap = false),
    profile: () => new Profile(),
  };
  const pprof = { time, heap, encode: async () => new Uint8Array([1]) } as unknown as PprofModule;
  return { state, pprof };
}

async function boot(profiling: Record<string, unknown>, transport?: EgressTransport) {
  const { state, pprof } = fakePprof();
  const config = validateObservabilityConfig({ profiling: { enabled: true, ...profiling } }).profiling;
  const runtime = new ProfilerRuntime(config, async () => pprof, undefined, undefined, undefined, transport);
  await runtime.onModuleInit();
  const service = new ProfilingService(config, runtime);
  const scheduler = new CaptureScheduler(service, noRegistry, config);
  await scheduler.onApplicationBootstrap();
  const shutdown = async () => {
    scheduler.onModuleDestroy();
    service.onModuleDestroy();
    await runtime.onApplicationShutdown();
  };
  return { state, runtime, service, shutdown };
}

// The lines these apps log are asserted by the e2e specs; here they would only be noise.
beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

describe('the CPU profiler without Pyroscope', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs only during the scheduled captures: cpu_duration out of every interval', async () => {
    vi.useFakeTimers();
    const { state, service, shutdown } = await boot({ interval: '10s', cpu_duration: '2s' });
    expect(state).toMatchObject({ cpu: false, heap: true });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(state).toMatchObject({ cpu: false, cpuStarts: 0 });
    await vi.advanceTimersByTimeAsync(1);
    expect(state).toMatchObject({ cpu: true, cpuStarts: 1 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(state.cpu).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(state).toMatchObject({ cpu: false, heap: true });
    expect(service.list().map((p) => p.kind)).toEqual(['heap', 'cpu']);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(state).toMatchObject({ cpu: true, cpuStarts: 2 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.cpu).toBe(false);
    await shutdown();
    expect(state).toMatchObject({ cpu: false, heap: false });
  });

  it('runs during an on-demand capture, refuses a second one, and stops when it ends', async () => {
    vi.useFakeTimers();
    const { state, service, shutdown } = await boot({ interval: '1m' });
    const capture = service.captureCpu(5_000);
    expect(state).toMatchObject({ cpu: true, cpuStarts: 1 });
    await expect(service.captureCpu(1_000)).rejects.toThrow('a CPU profile is already being captured');
    expect(state.cpu).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(capture).resolves.toMatchObject({ kind: 'cpu', trigger: 'on_demand', duration_ms: 5_000 });
    expect(state).toMatchObject({ cpu: false, cpuStarts: 1 });
    await shutdown();
  });

  it('stops at once when shutdown begins during a capture, and gives up its claim on the process', async () => {
    vi.useFakeTimers();
    const first = await boot({ interval: '10s', cpu_duration: '5s' });
    await vi.advanceTimersByTimeAsync(11_000);
    expect(first.state.cpu).toBe(true);
    // While this app holds the process, a second one stays off even when the CPU profiler is stopped.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(first.state.cpu).toBe(false);
    const second = await boot({});
    expect(second.runtime.active).toBe(false);
    await second.shutdown();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(first.state.cpu).toBe(true);
    await first.shutdown();
    expect(first.state).toMatchObject({ cpu: false, heap: false });
    expect(first.service.list().filter((p) => p.kind === 'cpu')).toHaveLength(1);
    const third = await boot({});
    expect(third.runtime.active).toBe(true);
    await third.shutdown();
  });
});

describe('the CPU profiler with Pyroscope', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** What the app pushed: the time range of every CPU (with sampleRate) and heap profile, in seconds since 0. */
  function fakeIngest() {
    const pushed: { kind: 'cpu' | 'heap'; from: number; until: number }[] = [];
    const transport: EgressTransport = {
      post: async ({ url }) => {
        const params = new URL(url).searchParams;
        const kind = params.has('sampleRate') ? 'cpu' : 'heap';
        pushed.push({ kind, from: Number(params.get('from')), until: Number(params.get('until')) });
        return { status: 200 };
      },
      close: async () => undefined,
    };
    return { pushed, transport };
  }

  it('runs all along by default, through captures, and stops at shutdown', async () => {
    vi.useFakeTimers({ now: 0 });
    const { pushed, transport } = fakeIngest();
    const { state, service, shutdown } = await boot({ pyroscope_endpoint: 'http://pyroscope:4040', upload_interval: '10s' }, transport);
    expect(state).toMatchObject({ cpu: true, heap: true, cpuStarts: 1 });
    await vi.advanceTimersByTimeAsync(35_000);
    const capture = service.captureCpu(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await capture;
    expect(state).toMatchObject({ cpu: true, cpuStarts: 1 });
    await vi.advanceTimersByTimeAsync(2_000);
    await shutdown();
    expect(state).toMatchObject({ cpu: false, heap: false });
    // Every second of the run is in exactly one CPU profile: the uploads, the capture's two cuts, the last one.
    expect(pushed.filter((p) => p.kind === 'cpu').map((p) => [p.from, p.until])).toEqual([
      [0, 10],
      [10, 20],
      [20, 30],
      [30, 35],
      [35, 36],
      [36, 38],
    ]);
  });

  it('with cpu_duty_cycle 0.25 samples one upload interval in four, and pushes CPU profiles only for those', async () => {
    vi.useFakeTimers({ now: 0 });
    const { pushed, transport } = fakeIngest();
    const { state, shutdown } = await boot(
      { pyroscope_endpoint: 'http://pyroscope:4040', upload_interval: '10s', cpu_duty_cycle: 0.25 },
      transport,
    );
    expect(state.cpu).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.cpu).toBe(false);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(state).toMatchObject({ cpu: false, cpuStarts: 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect(state).toMatchObject({ cpu: true, cpuStarts: 2 });
    await vi.advanceTimersByTimeAsync(45_000);
    await shutdown();
    // The scheduled capture at 60s (interval 1m, cpu_duration 10s) starts the stopped profiler for its own 10s,
    // and those samples are pushed too.
    expect(pushed.filter((p) => p.kind === 'cpu').map((p) => [p.from, p.until])).toEqual([
      [0, 10],
      [40, 50],
      [60, 70],
      [80, 85],
    ]);
    // The heap profiler runs all along: a heap profile every interval, sampled or not.
    expect(pushed.filter((p) => p.kind === 'heap')).toHaveLength(8);
  });
});
