import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { ProfilingService } from 'nestjs-observability';
import { afterEach, describe, expect, it } from 'vitest';
import { bootProfilingApp, CapturedLogger } from './helpers/profiling-app.js';

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('scheduled profile capture', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("runs as a job in the app's SchedulerRegistry, keeps the last N of each kind and logs insights per run", async () => {
    const logger = new CapturedLogger();
    app = await bootProfilingApp({
      logger,
      imports: [ScheduleModule.forRoot()],
      profiling: { interval: '1s', cpu_duration: '100ms', keep: 2 },
    });
    const registry = app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toEqual(['observability:profile-capture']);
    const profiling = app.get(ProfilingService);
    await until(() => logger.texts('log').filter((l) => l.includes('profiling insights')).length >= 3);
    const stored = profiling.list();
    expect(stored.filter((p) => p.kind === 'cpu')).toHaveLength(2);
    expect(stored.filter((p) => p.kind === 'heap')).toHaveLength(2);
    expect(stored.every((p) => p.trigger === 'schedule')).toBe(true);
    const line = logger.lines.find((l) => JSON.stringify(l.message).includes('profiling insights'))!.message as Record<string, unknown>;
    expect(Object.keys(line).sort()).toEqual(['growing_allocations', 'hot_functions', 'msg']);
    expect(profiling.insights().heap?.compared_over_ms).toBeGreaterThan(0);
    await app.close();
    app = undefined;
    expect(registry.getIntervals()).toEqual([]);
  });

  it('cuts a running capture short at shutdown instead of waiting for it', async () => {
    app = await bootProfilingApp({ profiling: { interval: '1s', cpu_duration: '900ms' } });
    const profiling = app.get(ProfilingService);
    await until(() => profiling.capturing);
    const closing = app.close().then(() => 'closed');
    app = undefined;
    const outcome = await Promise.race([closing, new Promise((r) => setTimeout(() => r('still open'), 5_000).unref())]);
    expect(outcome).toBe('closed');
    expect(profiling.list()).toEqual([]);
  });
});
