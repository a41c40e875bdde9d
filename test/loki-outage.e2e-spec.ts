import { describe, expect, it } from 'vitest';
import { runOutage, type OutageResult } from './helpers/loki-outage.js';

/**
 * How long the shipper may take to send what it holds once Loki is back and production has stopped: a deadline
 * for a busy machine (with every core taken, catching up on ~5,000 lines took over 8 s), not a speed claim.
 */
const DRAIN_MS = 30_000;

/** The timeline every scenario here shares: 2,000 lines/s, 0.5 s up, 2.5 s down, 1 s up again. */
const SCALED = { rate: 2_000, upMs: 500, downMs: 2_500, recoverMs: 1_000 } as const;

/** One warning when the outage began, one line when it ended: the lines of the shipper's own in the accounting. */
function expectOneOutageTold(r: OutageResult): number {
  // The first failure may be a reset (Loki's port closing under a request in flight) rather than a refusal.
  expect(r.notices.failing.map((l) => l['msg'])).toEqual([
    expect.stringMatching(/^loki push failing \(.+\): buffering up to \d+ log entries /),
  ]);
  expect(r.notices.recovered).toHaveLength(1);
  return 2;
}

// Scaled-down versions of the acceptance scenarios (the full-length ones, 60 s at 2,000 lines/s with RSS measured
// in a child process, are in test/integration/loki-outage.int-spec.ts).
describe('Loki shipping through an outage (scaled: 2,000 lines/s, 2.5 s down)', () => {
  it(
    'refused connections, default buffer: nothing dropped, everything delivered once soon after recovery',
    { timeout: 60_000 },
    async () => {
      const r = await runOutage({
        ...SCALED,
        outage: { kind: 'refuse' },
        drainMs: DRAIN_MS,
        loki: {},
      });
      expect(r.protocolErrors).toEqual([]);
      const own = expectOneOutageTold(r);
      expect(r.notices.recovered[0]!['msg']).toMatch(/^loki push recovered after \d+\.\d s \(\d+ failed pushes?\): no log entries lost$/);
      expect(r.report.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
      expect(r.delivered).toBe(r.produced);
      expect(r.duplicates).toBe(0);
      expect(r.report).toMatchObject({ produced: r.produced + own, sent: r.produced + own, buffered: 0 });
      expect(r.report.retried).toBeGreaterThan(0);
      // How soon after the port opens sending resumes (the probe interval) is the shipper spec's, on a fake clock.
      expect(r.catchUpMs).toBeGreaterThanOrEqual(0);
    },
  );

  it(
    'refused connections, small buffer: the drop counter is exactly what Loki never got, and the accounting holds',
    { timeout: 60_000 },
    async () => {
      const r = await runOutage({
        ...SCALED,
        outage: { kind: 'refuse' },
        drainMs: DRAIN_MS,
        loki: { buffer_max_entries: 1_000, batch_size: 10, flush_interval: '100ms' },
      });
      const dropped = r.report.dropped.buffer_full;
      const own = expectOneOutageTold(r);
      // What the recovery line says was lost is what had been dropped by then (catching up, a busy machine may drop more).
      const told = r.notices.recovered[0]!['loki'] as { dropped_total: number; dropped: { buffer_full: number } };
      expect(told.dropped_total).toBe(told.dropped.buffer_full);
      expect(told.dropped_total).toBeGreaterThan(0);
      expect(told.dropped_total).toBeLessThanOrEqual(dropped);
      expect(r.notices.recovered[0]!['msg']).toContain(`: ${told.dropped_total} log entries dropped (${told.dropped_total} buffer_full)`);
      // Over 5,000 lines for 1,000 places. The counter is exactly the lines Loki never got, but for the shipper's own
      // two lines, which may be among the dropped (how many overflowed depends on how fast the machine catches up).
      expect(r.overflow).toBeGreaterThan(3_500);
      expect(dropped - (r.produced - r.delivered)).toBeGreaterThanOrEqual(0);
      expect(dropped - (r.produced - r.delivered)).toBeLessThanOrEqual(own);
      expect(r.report.produced).toBe(r.produced + own);
      expect(r.report.sent + dropped + r.report.buffered).toBe(r.produced + own);
      // Of the shipper's own lines, those not dropped were sent.
      expect(r.report.sent - r.delivered).toBe(own - (dropped - (r.produced - r.delivered)));
      expect(r.duplicates).toBe(0);
    },
  );

  it('hanging Loki: at most 2 requests in flight, delivery after recovery', { timeout: 60_000 }, async () => {
    const r = await runOutage({
      ...SCALED,
      outage: { kind: 'hang' },
      drainMs: DRAIN_MS,
      loki: { timeout: '1s', max_backoff: '2s' },
    });
    expect(r.maxOpen).toBeLessThanOrEqual(2);
    expect(r.report.maxInFlightSeen).toBe(2);
    const own = expectOneOutageTold(r);
    expect(r.report.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
    expect(r.delivered).toBe(r.produced);
    expect(r.report).toMatchObject({ produced: r.produced + own, sent: r.produced + own, buffered: 0 });
  });
});
