import 'reflect-metadata';
import type { ModuleRef } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateObservabilityConfig } from '../config/index.js';
import { CaptureScheduler } from './capture.scheduler.js';
import type { ProfilingService } from './profiling.service.js';

const config = (interval: string, enabled = true) =>
  validateObservabilityConfig({ profiling: { enabled, interval, cpu_duration: '100ms' } }).profiling;
const noRegistry = {
  get: () => {
    throw new Error('no ScheduleModule');
  },
} as unknown as ModuleRef;

/** A profiling service whose scheduled runs take `runMs` (of fake time) each. */
function fakeProfiling(runMs: number, active = true) {
  const fake = {
    active,
    started: 0,
    finished: 0,
    runScheduled: vi.fn(async () => {
      fake.started++;
      await new Promise((r) => setTimeout(r, runMs));
      fake.finished++;
    }),
  };
  return fake;
}

describe('CaptureScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every profiling.interval, skips a tick while a run is in progress, and stops at shutdown', async () => {
    vi.useFakeTimers();
    const profiling = fakeProfiling(15_000);
    const scheduler = new CaptureScheduler(profiling as unknown as ProfilingService, noRegistry, config('10s'));
    await scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(profiling.started).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(profiling.started).toBe(1);
    // The tick at 20s finds the first run (10s–25s) still going: skipped, not queued.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(profiling.started).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(profiling).toMatchObject({ started: 2, finished: 1 });
    scheduler.onModuleDestroy();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(profiling).toMatchObject({ started: 2, finished: 2 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('schedules nothing when profiling is off or the profiler did not start', async () => {
    vi.useFakeTimers();
    for (const [profiling, cfg] of [
      [fakeProfiling(1), config('10s', false)],
      [fakeProfiling(1, false), config('10s')],
    ] as const) {
      const scheduler = new CaptureScheduler(profiling as unknown as ProfilingService, noRegistry, cfg);
      await scheduler.onApplicationBootstrap();
      expect(vi.getTimerCount()).toBe(0);
    }
  });
});
