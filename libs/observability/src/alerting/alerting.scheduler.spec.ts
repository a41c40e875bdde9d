import 'reflect-metadata';
import type { ModuleRef } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateObservabilityConfig } from '../config/index.js';
import { AlertingScheduler } from './alerting.scheduler.js';
import type { AlertsService } from './alerts.service.js';

const config = validateObservabilityConfig({ alerts: { evaluation_interval: '15s' } }).alerts;
const noRegistry = {
  get: () => {
    throw new Error('no ScheduleModule');
  },
} as unknown as ModuleRef;

describe('AlertingScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('evaluates every alerts.evaluation_interval on its own timer, and never again once stopped', async () => {
    vi.useFakeTimers();
    const evaluate = vi.fn(() => Promise.resolve());
    const scheduler = new AlertingScheduler({ rules: [{}], evaluate } as unknown as AlertsService, noRegistry, config);
    await scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(evaluate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(evaluate).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(evaluate).toHaveBeenCalledTimes(3);
    scheduler.onModuleDestroy();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(evaluate).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('schedules nothing without rules', async () => {
    vi.useFakeTimers();
    const scheduler = new AlertingScheduler({ rules: [], evaluate: vi.fn() } as unknown as AlertsService, noRegistry, config);
    await scheduler.onApplicationBootstrap();
    expect(vi.getTimerCount()).toBe(0);
  });
});
