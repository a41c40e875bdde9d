import 'reflect-metadata';
import type { ModuleRef } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateObservabilityConfig } from '../config/index.js';
import { HealthRefreshScheduler } from './health-refresh.scheduler.js';
import { HEALTH_REFRESH_JOB } from './health.constants.js';
import { HealthModule } from './health.module.js';
import { HealthService } from './health.service.js';

const config = (interval: string) => validateObservabilityConfig({ health: { interval } }).health;
const noRegistry = {
  get: () => {
    throw new Error('no ScheduleModule');
  },
} as unknown as ModuleRef;

function fakeHealth() {
  return { markBootstrapped: vi.fn(), refresh: vi.fn(() => Promise.resolve(undefined)) };
}

describe('HealthRefreshScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once right after bootstrap, then every health.interval, and never again once stopped', async () => {
    vi.useFakeTimers();
    const health = fakeHealth();
    const scheduler = new HealthRefreshScheduler(health as unknown as HealthService, noRegistry, config('10s'));
    await scheduler.onApplicationBootstrap();
    expect(health.markBootstrapped).toHaveBeenCalledOnce();
    expect(health.refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(health.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(health.refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(health.refresh).toHaveBeenCalledTimes(4);
    scheduler.onModuleDestroy();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(health.refresh).toHaveBeenCalledTimes(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("registers the job in the app's SchedulerRegistry when the app imports ScheduleModule, and removes it at shutdown", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ScheduleModule.forRoot(), HealthModule.forRoot({ health: { interval: '1m' } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const registry = app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toEqual([HEALTH_REFRESH_JOB]);
    await app.close();
    expect(registry.getIntervals()).toEqual([]);
  });

  it('joins a run in progress instead of starting another one', async () => {
    const health = new HealthService(config('1m'));
    let runs = 0;
    let finish!: () => void;
    health.register({ name: 'slow', check: () => (runs++, new Promise<void>((r) => (finish = r))) });
    const first = health.refresh();
    const second = health.refresh();
    finish();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });
});
