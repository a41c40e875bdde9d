import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LokiClient, PushResult } from './loki-client.js';
import type { LokiNotice, LokiWorkerOptions, LokiWorkerStats } from './loki-protocol.js';
import { LokiShipper, PROBE_INTERVAL_MS } from './loki-shipper.js';

/** A client whose pushes stay open until the test answers them. */
class ScriptedClient implements LokiClient {
  readonly calls: { body: Buffer; signal: AbortSignal; done: boolean; answer: (r: PushResult) => void }[] = [];
  up = false;
  probes = 0;
  push(body: Buffer, signal: AbortSignal): Promise<PushResult> {
    return new Promise((resolve) => {
      const call = { body, signal, done: false, answer: (r: PushResult) => ((call.done = true), resolve(r)) };
      this.calls.push(call);
      signal.addEventListener('abort', () => call.answer({ ok: false, retryable: true, error: 'timeout' }));
    });
  }
  probe(): Promise<boolean> {
    this.probes++;
    return Promise.resolve(this.up);
  }
  close(): void {}
  open(): number {
    return this.calls.filter((c) => !c.done).length;
  }
}

const options = (over: Partial<LokiWorkerOptions> = {}): LokiWorkerOptions => ({
  endpoint: 'http://loki.invalid/loki/api/v1/push',
  headers: {},
  labels: { service: 's' },
  levelLabel: true,
  metadataFields: ['request_id'],
  batchSize: 10,
  flushIntervalMs: 1_000,
  timeoutMs: 5_000,
  maxInFlight: 2,
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxEntries: 100,
  maxBytes: 1 << 20,
  shutdownTimeoutMs: 3_000,
  statsIntervalMs: 250,
  ...over,
});

const line = (i: number) => `{"level":"info","time":${1_700_000_000_000 + i},"i":${i}}`;
const linesOf = (body: Buffer) =>
  (JSON.parse(gunzipSync(body).toString()) as { streams: { values: [string, string][] }[] }).streams.flatMap((s) =>
    s.values.map((v) => (JSON.parse(v[1]) as { i: number }).i),
  );
const droppedTotal = (s: LokiWorkerStats) => Object.values(s.dropped).reduce((a, b) => a + b, 0);
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('LokiShipper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at batch_size at once, and the rest after flush_interval', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options(), client);
    for (let i = 0; i < 13; i++) shipper.append(line(i));
    expect(client.calls.map((c) => linesOf(c.body))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    await vi.advanceTimersByTimeAsync(999);
    expect(client.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(linesOf(client.calls[1]!.body)).toEqual([10, 11, 12]);
  });

  it('keeps at most max_in_flight requests open, and after a failure only one until Loki answers again', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options(), client);
    for (let i = 0; i < 50; i++) shipper.append(line(i));
    expect(client.open()).toBe(2);
    client.calls[0]!.answer({ ok: false, retryable: true, error: 'HTTP 503' });
    client.calls[1]!.answer({ ok: false, retryable: true, error: 'HTTP 503' });
    await settle();
    await vi.advanceTimersByTimeAsync(1_250); // second failure: backoff 1 s (+ ≤ 25%)
    expect(client.calls).toHaveLength(3);
    expect(client.calls[2]!.body).toBe(client.calls[0]!.body); // the oldest batch first, the very same bytes
    client.calls[2]!.answer({ ok: true });
    await settle();
    expect(client.open()).toBe(2);
    expect(client.calls[3]!.body).toBe(client.calls[1]!.body);
    expect(shipper.snapshot()).toMatchObject({ sent: 10, retried: 20, maxInFlightSeen: 2, failedRequests: 2, lastError: 'HTTP 503' });
  });

  it('honours Retry-After over its own backoff', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options({ batchSize: 1, maxInFlight: 1 }), client);
    shipper.append(line(0));
    client.calls[0]!.answer({ ok: false, retryable: true, error: 'HTTP 429', retryAfterMs: 2_000 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(client.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.calls).toHaveLength(2);
  });

  it('drops a batch Loki rejects (4xx) without retrying it', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options({ batchSize: 5 }), client);
    for (let i = 0; i < 5; i++) shipper.append(line(i));
    client.calls[0]!.answer({ ok: false, retryable: false, error: 'HTTP 400: bad' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.calls).toHaveLength(1);
    expect(shipper.snapshot()).toMatchObject({ received: 5, sent: 0, bufferedEntries: 0, dropped: { rejected: 5 } });
  });

  it('when full, drops the oldest batch first and keeps the accounting exact', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options({ maxEntries: 40 }), client);
    for (let i = 0; i < 100; i++) {
      shipper.append(line(i));
      const s = shipper.snapshot();
      expect(s.received).toBe(s.sent + droppedTotal(s) + s.bufferedEntries);
      expect(s.bufferedEntries).toBeLessThanOrEqual(40);
    }
    // Two batches in flight (0-19) are never dropped; of the rest, the newest fit.
    expect(shipper.snapshot()).toMatchObject({ bufferedEntries: 40, dropped: { buffer_full: 60 } });
    client.calls[0]!.answer({ ok: true });
    client.calls[1]!.answer({ ok: true });
    await settle();
    client.calls[2]!.answer({ ok: true });
    client.calls[3]!.answer({ ok: true });
    await settle();
    expect(client.calls.slice(2).map((c) => linesOf(c.body)[0])).toEqual([80, 90]);
  });

  it('bounds bytes too: compressed size for built batches', () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options({ maxBytes: 2_000, maxEntries: 1_000_000, batchSize: 1_000 }), client);
    for (let i = 0; i < 100; i++) shipper.append(`${line(i)}${' '.repeat(100)}`);
    const s = shipper.snapshot();
    expect(s.bufferedBytes).toBeLessThanOrEqual(2_000);
    expect(s.dropped.buffer_full).toBeGreaterThan(80);
    expect(s.received).toBe(s.sent + droppedTotal(s) + s.bufferedEntries);
  });

  it('while connections are refused, probes the port every second and retries as soon as it opens', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options({ batchSize: 1, maxInFlight: 1, minBackoffMs: 30_000 }), client);
    shipper.append(line(0));
    client.calls[0]!.answer({ ok: false, retryable: true, error: 'ECONNREFUSED', refused: true });
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS * 3);
    expect(client.probes).toBe(3);
    expect(client.calls).toHaveLength(1);
    client.up = true;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    expect(client.calls).toHaveLength(2);
  });

  it('tells once that pushes are failing and once that they recovered, with what was lost; nothing per attempt', async () => {
    const client = new ScriptedClient();
    const notices: LokiNotice[] = [];
    // A fixed backoff (min = max: the jitter is capped) so that the outage lasts exactly 200 ms of the fake clock.
    const o = options({ batchSize: 1, maxInFlight: 1, maxEntries: 3, minBackoffMs: 100, maxBackoffMs: 100 });
    const shipper = new LokiShipper(o, client, undefined, (n) => notices.push(n));
    shipper.append(line(0));
    client.calls[0]!.answer({ ok: false, retryable: true, error: 'HTTP 503: ring not ready' });
    await settle();
    expect(notices).toEqual([{ kind: 'failing', error: 'HTTP 503: ring not ready', maxEntries: 3, maxBytes: 1 << 20 }]);
    for (let i = 1; i <= 5; i++) shipper.append(line(i));
    await vi.advanceTimersByTimeAsync(100);
    client.calls[1]!.answer({ ok: false, retryable: true, error: 'timeout' });
    await vi.advanceTimersByTimeAsync(100);
    expect(notices).toHaveLength(1);
    const { dropped } = shipper.snapshot();
    expect(dropped.buffer_full).toBe(3);
    client.calls[2]!.answer({ ok: true });
    await settle();
    expect(notices[1]).toEqual({
      kind: 'recovered',
      outageMs: 200,
      dropped: { buffer_full: 3, rejected: 0, shutdown: 0, worker_exit: 0 },
      failedRequests: 2,
    });
    // The next outage is a new one, told again.
    for (const call of client.calls.slice(3)) call.answer({ ok: true });
    await settle();
    shipper.append(line(9));
    client.calls.at(-1)!.answer({ ok: false, retryable: true, error: 'ECONNREFUSED', refused: true });
    await settle();
    expect(notices.map((n) => n.kind)).toEqual(['failing', 'recovered', 'failing']);
  });

  it('begins an outage with a request sent after the last success: an older one failing late says nothing new', async () => {
    const client = new ScriptedClient();
    const notices: LokiNotice[] = [];
    const o = options({ batchSize: 1, minBackoffMs: 100, maxBackoffMs: 100 });
    const shipper = new LokiShipper(o, client, undefined, (n) => notices.push(n));
    shipper.append(line(0));
    shipper.append(line(1));
    await vi.advanceTimersByTimeAsync(10);
    client.calls[0]!.answer({ ok: true });
    await settle();
    client.calls[1]!.answer({ ok: false, retryable: true, error: 'timeout' });
    await settle();
    expect(notices).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    client.calls[2]!.answer({ ok: false, retryable: true, error: 'timeout' });
    await settle();
    expect(notices.map((n) => n.kind)).toEqual(['failing']);
  });

  it('ends an outage with a request sent after it began: an older one succeeding late says nothing new', async () => {
    const client = new ScriptedClient();
    const notices: LokiNotice[] = [];
    const o = options({ batchSize: 1, minBackoffMs: 100, maxBackoffMs: 100 });
    const shipper = new LokiShipper(o, client, undefined, (n) => notices.push(n));
    shipper.append(line(0));
    shipper.append(line(1));
    await vi.advanceTimersByTimeAsync(10);
    client.calls[0]!.answer({ ok: false, retryable: true, error: 'ECONNRESET' });
    await settle();
    client.calls[1]!.answer({ ok: true });
    await settle();
    expect(notices.map((n) => n.kind)).toEqual(['failing']);
    await vi.advanceTimersByTimeAsync(100);
    client.calls[2]!.answer({ ok: true });
    await settle();
    expect(notices).toEqual([
      { kind: 'failing', error: 'ECONNRESET', maxEntries: 100, maxBytes: 1 << 20 },
      { kind: 'recovered', outageMs: 100, dropped: { buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 }, failedRequests: 1 },
    ]);
  });

  it('at shutdown, sends what it can until the deadline, then aborts and counts the rest as dropped', async () => {
    const client = new ScriptedClient();
    const shipper = new LokiShipper(options({ batchSize: 10 }), client);
    for (let i = 0; i < 45; i++) shipper.append(line(i));
    client.calls[0]!.answer({ ok: true });
    const done = shipper.shutdown(Date.now() + 1_000);
    await vi.advanceTimersByTimeAsync(1_010);
    const final = await done;
    expect(final).toMatchObject({ received: 45, sent: 10, bufferedEntries: 0, dropped: { shutdown: 35 } });
    expect(client.calls.every((c, i) => i === 0 || c.signal.aborted)).toBe(true);
    shipper.append(line(99));
    expect(shipper.snapshot()).toMatchObject({ received: 46, dropped: { shutdown: 36 } });
  });
});
