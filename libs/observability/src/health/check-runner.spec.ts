import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalize, runCheck } from './check-runner.js';
import type { HealthCheck } from './interfaces/health-check.interface.js';

const never = (name = 'stuck'): HealthCheck & { signal?: AbortSignal } => {
  const check: HealthCheck & { signal?: AbortSignal } = {
    name,
    check: (signal) => {
      check.signal = signal;
      return new Promise(() => undefined);
    },
  };
  return check;
};

describe('runCheck', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a check that never resolves down with "timeout after 5s" at the timeout, and aborts its signal', async () => {
    const check = never();
    const result = runCheck(check, 5_000, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(check.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ name: 'stuck', detail: { status: 'down', message: 'timeout after 5s' } });
    expect(check.signal?.aborted).toBe(true);
  });

  it('gives up at once when the app shuts down', async () => {
    const shutdown = new AbortController();
    const result = runCheck(never(), 60_000, shutdown.signal);
    shutdown.abort();
    await expect(result).resolves.toMatchObject({ detail: { status: 'down', message: 'aborted: the application is shutting down' } });
  });

  it('turns a throw (sync or async) into down with the message, without credentials', async () => {
    const sync: HealthCheck = {
      name: 'sync',
      check: () => {
        throw new Error('bad url redis://default:hunter2@cache:6379');
      },
    };
    const aggregate: HealthCheck = {
      name: 'agg',
      check: async () => Promise.reject(new AggregateError([new Error('connect ECONNREFUSED ::1:5432')], '')),
    };
    const signal = new AbortController().signal;
    expect((await runCheck(sync, 1_000, signal)).detail).toEqual({
      status: 'down',
      message: 'bad url redis://[REDACTED]@cache:6379',
    });
    expect((await runCheck(aggregate, 1_000, signal)).detail).toEqual({ status: 'down', message: 'connect ECONNREFUSED ::1:5432' });
  });
});

describe('normalize', () => {
  it('accepts nothing, a detail, or a Terminus indicator result', () => {
    expect(normalize('db', undefined)).toEqual({ status: 'up' });
    expect(normalize('db', { status: 'degraded', lag: 3 })).toEqual({ status: 'degraded', lag: 3 });
    expect(normalize('db', { db: { status: 'down', message: 'x' } })).toEqual({ status: 'down', message: 'x' });
    expect(normalize('db', { postgres: { status: 'up' } })).toEqual({ status: 'up' });
  });

  it('reports down rather than up for a shape it cannot read', () => {
    expect(normalize('db', { ok: true } as never)).toEqual({
      status: 'down',
      message: 'check returned an object without a status ("up", "down" or "degraded")',
    });
    expect(normalize('db', 'fine' as never)).toEqual({ status: 'down', message: 'check returned string, expected an object or nothing' });
    expect(normalize('db', { status: 'ok' } as never).status).toBe('down');
  });
});
