import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSection } from '../config/index.js';
import type { FlushableDestination } from './create-logger.js';
import { LoggingService } from './logging.service.js';

/** A destination that records how the service flushes it. */
function recordingDestination(): FlushableDestination & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    write: () => undefined,
    flush: (deadlineMs?: number, keepAlive?: boolean) => {
      calls.push(`flush ${deadlineMs} keepAlive=${keepAlive}`);
      return Promise.resolve();
    },
    close: (deadlineMs?: number) => {
      calls.push(`close ${deadlineMs}`);
      return Promise.resolve();
    },
  };
}

describe('LoggingService flushing', () => {
  afterEach(() => vi.useRealTimers());

  it('flushes periodically without holding the process, and closes the destination (bounded) at shutdown', async () => {
    vi.useFakeTimers();
    const destination = recordingDestination();
    const service = new LoggingService(pino(destination), destination, resolveSection('logging', {}));
    await vi.advanceTimersByTimeAsync(1000);
    expect(destination.calls).toEqual(['flush 2000 keepAlive=false']);
    await service.flush();
    await service.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(5000);
    expect(destination.calls).toEqual(['flush 2000 keepAlive=false', 'flush 2000 keepAlive=undefined', 'close 2000']);
  });

  it('at shutdown flushes a destination that has no close, and settles when its flush throws', async () => {
    const flush = vi.fn(() => Promise.reject(new Error('destination gone')));
    const destination: FlushableDestination = { write: () => undefined, flush };
    const service = new LoggingService(pino(destination), destination, resolveSection('logging', {}));
    await expect(service.onApplicationShutdown()).resolves.toBeUndefined();
    expect(flush).toHaveBeenCalledWith(2000);
  });
});
