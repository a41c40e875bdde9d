import { describe, expect, it } from 'vitest';
import { runOutage } from './helpers/loki-outage.js';

/** The timeline every scenario here shares: 2,000 lines/s, 0.5 s up, 2.5 s down, 1 s up again. */
const SCALED = { rate: 2_000, upMs: 500, downMs: 2_500, recoverMs: 1_000 } as const;

// Scaled-down versions of the acceptance scenarios (the full-length ones, 60 s at 2,000 lines/s with RSS measured
// in a child process, are in test/integration/loki-outage.int-spec.ts).
describe('Loki shipping through an outage (scaled: 2,000 lines/s, 2.5 s down)', () => {
  it('refused connections, default buffer: nothing dropped, everything delivered once soon after recovery', async () => {
    const r = await runOutage({
      ...SCALED,
      outage: { kind: 'refuse' },
      drainMs: 5_000,
      loki: {},
    });
    expect(r.protocolErrors).toEqual([]);
    expect(r.report.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
    expect(r.delivered).toBe(r.produced);
    expect(r.duplicates).toBe(0);
    expect(r.report).toMatchObject({ produced: r.produced, sent: r.produced, buffered: 0 });
    expect(r.report.retried).toBeGreaterThan(0);
    expect(r.catchUpMs).toBeLessThan(1_500);
  });

  it('refused connections, small buffer: the drop counter is what overflowed (±1%), and the accounting holds', async () => {
    const r = await runOutage({
      ...SCALED,
      outage: { kind: 'refuse' },
      drainMs: 5_000,
      loki: { buffer_max_entries: 1_000, batch_size: 10, flush_interval: '100ms' },
    });
    const dropped = r.report.dropped.buffer_full;
    expect(r.overflow).toBeGreaterThan(3_500);
    expect(Math.abs(dropped - r.overflow)).toBeLessThanOrEqual(Math.ceil(r.overflow * 0.01));
    expect(r.report.produced).toBe(r.produced);
    expect(r.report.sent + dropped + r.report.buffered).toBe(r.produced);
    expect(r.delivered).toBe(r.report.sent);
    expect(r.duplicates).toBe(0);
  });

  it('hanging Loki: at most 2 requests in flight, delivery after recovery', async () => {
    const r = await runOutage({
      ...SCALED,
      outage: { kind: 'hang' },
      drainMs: 8_000,
      loki: { timeout: '1s', max_backoff: '2s' },
    });
    expect(r.maxOpen).toBeLessThanOrEqual(2);
    expect(r.report.maxInFlightSeen).toBe(2);
    expect(r.report.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
    expect(r.delivered).toBe(r.produced);
    expect(r.report).toMatchObject({ produced: r.produced, sent: r.produced, buffered: 0 });
  });
});
