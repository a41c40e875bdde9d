import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { bootLokiApp, LineProducer, lokiNotices, receivedSeqs, waitForReport, type LokiApp } from './helpers/loki-app.js';
import { FakeLoki } from './helpers/loki-server.js';

describe('Loki shipping (against a fake Loki push endpoint)', () => {
  let loki: FakeLoki;
  let booted: LokiApp | undefined;

  afterEach(async () => {
    await booted?.app.close();
    booted = undefined;
    await loki.close();
  });

  it('delivers every line once, one stream per level, sorted, with static labels + level and ids as structured metadata', async () => {
    loki = await new FakeLoki().start();
    booted = await bootLokiApp(loki, {
      labels: { service: 'e2e', environment: 'test' },
      batch_size: 50,
      // Longer than the test: only batch_size and shutdown send here (flush_interval is the shipper spec's, on a fake clock).
      flush_interval: '60s',
      tenant_id: 'team-a',
      bearer_token: 's3cr3t-token',
    });
    const { app, logging, logs } = booted;
    for (let seq = 0; seq < 120; seq++) {
      const level = seq % 3 === 0 ? 'warn' : 'info';
      logging[level]({ seq, request_id: `req-${seq}`, user_id: 7, trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) }, `line ${seq}`);
    }
    // Two full batches go out as soon as they are full; the remaining 20 wait, and are sent when the app closes.
    await eventually(() => expect(loki.pushes.map((p) => p.entries)).toEqual([50, 50]));
    booted = undefined;
    await app.close();
    expect(loki.pushes.map((p) => p.entries)).toEqual([50, 50, 20]);

    const seqs = receivedSeqs(loki.entries);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    for (const push of loki.pushes) {
      expect(push.headers['content-encoding']).toBe('gzip');
      expect(push.headers['x-scope-orgid']).toBe('team-a');
      expect(push.headers['authorization']).toBe('Bearer s3cr3t-token');
      // One stream per label set, labels exactly the static ones plus level.
      const labelSets = push.streams.map((s) => JSON.stringify(s.stream));
      expect(new Set(labelSets).size).toBe(labelSets.length);
      for (const s of push.streams) {
        expect(Object.keys(s.stream).sort()).toEqual(['environment', 'level', 'service']);
        expect(s.stream).toMatchObject({ service: 'e2e', environment: 'test' });
        const ts = s.values.map((v) => BigInt(v[0]));
        expect(ts).toEqual([...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(new Set(ts).size).toBe(ts.length);
        for (const [t, line, meta] of s.values) {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          expect(parsed['level']).toBe(s.stream['level']);
          expect(t).toMatch(/^\d{19}$/);
          expect(BigInt(t) / 1_000_000n).toBe(BigInt(Date.parse(parsed['time'] as string)));
          expect(meta).toEqual({
            trace_id: 'a'.repeat(32),
            span_id: 'b'.repeat(16),
            request_id: `req-${parsed['seq'] as number}`,
            user_id: '7',
          });
        }
      }
    }
    // The local destination got the very same lines.
    const local = logs.lines.filter((l) => typeof l['seq'] === 'number').map((l) => JSON.stringify(l));
    expect(loki.entries.map((e) => JSON.stringify(JSON.parse(e.line))).sort()).toEqual(local.sort());
    expect(loki.protocolErrors).toEqual([]);
  });

  it('sends basic auth and no level label when level_label is off; secrets never reach the log', async () => {
    loki = await new FakeLoki().start();
    booted = await bootLokiApp(loki, {
      level_label: false,
      username: 'loki-user',
      password: 'pa55word',
      structured_metadata: ['request_id'],
    });
    booted.logging.info({ request_id: 'r1', trace_id: 'x' }, 'one');
    booted.logging.error({ request_id: 'r2' }, 'two');
    await eventually(() => loki.received === 2);
    expect(loki.pushes[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('loki-user:pa55word').toString('base64')}`);
    expect(loki.pushes[0]!.streams).toHaveLength(1);
    expect(loki.pushes[0]!.streams[0]!.stream).toEqual({ service: 'e2e' });
    expect(loki.entries.map((e) => e.meta)).toEqual([{ request_id: 'r1' }, { request_id: 'r2' }]);
    await booted.app.close();
    const text = booted.logs.chunks.join('');
    expect(text).toContain('loki shipping stopped');
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain(Buffer.from('loki-user:pa55word').toString('base64'));
    booted = undefined;
  });

  it('waits for Retry-After on 429 before retrying, then delivers everything', async () => {
    loki = await new FakeLoki().start();
    await loki.setMode({ kind: 'status', status: 429, retryAfter: '2', times: 1 });
    booted = await bootLokiApp(loki, { batch_size: 10, flush_interval: '50ms', min_backoff: '100ms' });
    for (let seq = 0; seq < 10; seq++) booted.logging.info({ seq }, 'throttled');
    await eventually(() => receivedSeqs(loki.entries).length === 10);
    // A timer never fires early: the retry cannot come sooner than Retry-After, however busy the machine.
    expect(loki.pushes[0]!.at - loki.failures[0]!.at).toBeGreaterThanOrEqual(2_000);
    expect(loki.failures).toHaveLength(1);
    // The ten lines, and the shipper's two own: Loki failing (429), then recovered.
    const report = await waitForReport(booted.shipper, (r) => r.produced === 12 && r.sent === 12);
    expect(report).toMatchObject({ retried: 10, buffered: 0, dropped: { buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 } });
    const notices = lokiNotices(booted.logs);
    expect(notices.failing.map((l) => l['msg'])).toEqual([
      'loki push failing (HTTP 429: fake loki: 429): buffering up to 200000 log entries (32 MiB) and retrying with backoff; when full, the oldest are dropped',
    ]);
    expect(notices.recovered.map((l) => l['msg'])).toEqual([
      expect.stringMatching(/^loki push recovered after \d+\.\d s \(1 failed push\): no log entries lost$/),
    ]);
  });

  it('does not retry a 400: the batch is dropped as rejected and later batches go through', async () => {
    loki = await new FakeLoki().start();
    await loki.setMode({ kind: 'status', status: 400, body: 'entry for stream has timestamp too old' });
    booted = await bootLokiApp(loki, { batch_size: 5, flush_interval: '50ms', min_backoff: '50ms' }, { metrics: true });
    for (let seq = 0; seq < 5; seq++) booted.logging.info({ seq }, 'rejected');
    await eventually(() => loki.failures.length === 1);
    await loki.setMode({ kind: 'up' });
    for (let seq = 5; seq < 8; seq++) booted.logging.info({ seq }, 'accepted');
    // A retry of the rejected batch would go back to the head of the queue, before these: their arrival says there was none.
    await eventually(() => loki.received === 3);
    expect(loki.failures).toHaveLength(1);
    expect(receivedSeqs(loki.entries)).toEqual([5, 6, 7]);
    const report = await waitForReport(booted.shipper, (r) => r.sent === 3);
    expect(report).toMatchObject({
      produced: 8,
      sent: 3,
      retried: 0,
      buffered: 0,
      dropped: { rejected: 5 },
      lastError: 'HTTP 400: entry for stream has timestamp too old',
    });

    const exposition = await booted.metrics!.registry.metrics();
    expect(exposition).toContain('e2e_log_entries_produced_total 8\n');
    expect(exposition).toContain('e2e_log_entries_sent_total 3\n');
    expect(exposition).toContain('e2e_log_entries_retried_total 0\n');
    expect(exposition).toContain('e2e_log_entries_dropped_total{reason="rejected"} 5\n');
    expect(exposition).toContain('e2e_log_entries_dropped_total{reason="buffer_full"} 0\n');
    expect(exposition).toContain('e2e_log_buffer_entries 0\n');
  });

  it('retries 500s with backoff and loses nothing', async () => {
    loki = await new FakeLoki().start();
    await loki.setMode({ kind: 'status', status: 503 });
    booted = await bootLokiApp(loki, { batch_size: 20, flush_interval: '50ms', min_backoff: '100ms', max_backoff: '400ms' });
    const producer = new LineProducer(booted.logging, 500);
    producer.start();
    await eventually(() => loki.failures.length >= 4);
    await loki.setMode({ kind: 'up' });
    producer.stop();
    await eventually(() => receivedSeqs(loki.entries).length === producer.count);
    // The first two failures can be the two requests that were in flight together; after that, one at a time, spaced.
    const gaps = loki.failures.slice(2).map((f, i) => f.at - loki.failures[i + 1]!.at);
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    expect(gaps.every((g) => g >= 90)).toBe(true);
    expect(new Set(receivedSeqs(loki.entries)).size).toBe(producer.count);
    const report = await waitForReport(booted.shipper, (r) => r.buffered === 0 && r.sent === r.produced);
    expect(report.retried).toBeGreaterThan(0);
    expect(report.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
  });

  it('closes within shutdown_timeout with 5,000 entries buffered and Loki hanging, and reports them dropped', async () => {
    loki = await new FakeLoki().start();
    await loki.setMode({ kind: 'hang' });
    booted = await bootLokiApp(loki, { batch_size: 100, flush_interval: '50ms', shutdown_timeout: '1s', timeout: '30s' });
    for (let seq = 0; seq < 5_000; seq++) booted.logging.info({ seq }, 'buffered');
    await waitForReport(booted.shipper, (r) => r.produced === 5_000 && r.inFlight > 0);
    const started = Date.now();
    await booted.app.close();
    const took = Date.now() - started;
    const { logs } = booted;
    booted = undefined;
    // Bounded by shutdown_timeout (1 s; the margin is for a busy machine), not by the 30 s request timeout.
    expect(took).toBeLessThan(3_000);
    const [last] = logs.withMsg('loki shipping stopped: 0 of 5000 log entries sent, dropped 5000 shutdown');
    expect(last).toMatchObject({
      level: 'warn',
      loki: { produced: 5_000, sent: 0, buffered: 0, dropped_total: 5_000, dropped: { shutdown: 5_000 } },
    });
    expect(loki.maxOpen).toBeLessThanOrEqual(2);
  });

  it('says once that Loki refuses connections and what it does about it, then once that it is back and what was lost', async () => {
    loki = await new FakeLoki().start();
    await loki.setMode({ kind: 'refuse' });
    // One entry per batch: the buffer drops whole batches, so only then is what it drops a count the test can know.
    booted = await bootLokiApp(loki, { batch_size: 1, buffer_max_entries: 20, min_backoff: '50ms', max_backoff: '100ms' });
    const { logging, logs, shipper } = booted;
    logging.info({ seq: 0 }, 'while down');
    await logs.waitFor(() => lokiNotices(logs).failing.length > 0);
    for (let seq = 1; seq <= 30; seq++) logging.info({ seq }, 'while down');
    // 32 lines (the warning is one) for 20 places: 12 dropped. Several attempts fail before anything is asserted.
    await waitForReport(shipper, (r) => r.produced === 32 && r.failedRequests >= 5 && r.dropped.buffer_full === 12);
    let notices = lokiNotices(logs);
    expect(notices.failing).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'loki push failing (ECONNREFUSED): buffering up to 20 log entries (32 MiB) and retrying with backoff; when full, the oldest are dropped',
        loki: { error: 'ECONNREFUSED', buffer_max_entries: 20, buffer_max_bytes: 33_554_432 },
      }),
    ]);
    expect(notices.recovered).toEqual([]);

    await loki.setMode({ kind: 'up' });
    const report = await waitForReport(shipper, (r) => r.produced === 33 && r.buffered === 0);
    notices = lokiNotices(logs);
    expect(notices.failing).toHaveLength(1);
    expect(notices.recovered).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringMatching(
          /^loki push recovered after \d+\.\d s \(\d+ failed pushes\): 12 log entries dropped \(12 buffer_full\)$/,
        ),
        loki: {
          outage_ms: expect.any(Number),
          failed_requests: report.failedRequests,
          dropped: { buffer_full: 12, rejected: 0, shutdown: 0, worker_exit: 0 },
          dropped_total: 12,
        },
      }),
    ]);
    expect(report).toMatchObject({ sent: 21, dropped: { buffer_full: 12 } });
    // The newest 19 lines always fit; the 20th place went to the oldest that was in flight when the buffer filled
    // (never dropped: seq 0 or the warning) or to seq 11, depending on timing.
    expect(loki.entries).toHaveLength(21);
    const seqs = receivedSeqs(loki.entries).sort((a, b) => a - b);
    expect(seqs.slice(-19)).toEqual(Array.from({ length: 19 }, (_, i) => i + 12));
    expect(seqs.length).toBeGreaterThanOrEqual(19);
  });

  it('survives the worker dying: one error line, the app keeps logging locally, the loss is counted, close is clean', async () => {
    loki = await new FakeLoki().start();
    await loki.setMode({ kind: 'hang' });
    booted = await bootLokiApp(loki, { batch_size: 10, flush_interval: '50ms' });
    for (let seq = 0; seq < 30; seq++) booted.logging.info({ seq }, 'before');
    await waitForReport(booted.shipper, (r) => r.produced === 30 && r.inFlight > 0);
    // What an out-of-memory or a crash in the worker looks like from the main thread.
    const internals = booted.shipper as unknown as { transport: { stream: { worker: { terminate(): Promise<number> } } } };
    await internals.transport.stream.worker.terminate();
    await booted.logs.waitFor((lines) => lines.some((l) => String(l['msg']).startsWith('loki shipping worker failed')));
    for (let seq = 30; seq < 40; seq++) booted.logging.info({ seq }, 'after');
    expect(booted.logs.lines.filter((l) => l['msg'] === 'after')).toHaveLength(10);
    const report = booted.shipper.report()!;
    expect(report.produced).toBe(41); // 40 lines and the error line itself
    expect(report.dropped.worker_exit).toBe(41);
    expect(report.sent + report.dropped.worker_exit + report.buffered).toBe(41);
    await booted.app.close();
    booted = undefined;
  });
});
