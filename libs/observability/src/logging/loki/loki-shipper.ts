import { backoffDelay } from './loki-backoff.js';
import { Backlog } from './loki-backlog.js';
import type { LokiBatch } from './loki-batch.js';
import type { LokiClient, PushResult } from './loki-client.js';
import { EntryParser } from './loki-entry.js';
import {
  DROP_REASONS,
  emptyWorkerStats,
  type DropReason,
  type LokiNotice,
  type LokiWorkerOptions,
  type LokiWorkerStats,
} from './loki-protocol.js';

/** While the port refuses connections, check it this often with a bare TCP connect (free for the server). */
export const PROBE_INTERVAL_MS = 1_000;
/** Retry spacing while draining at shutdown when the regular backoff would outlast the deadline. */
const SHUTDOWN_RETRY_MS = 100;

interface Flight {
  batch: LokiBatch;
  controller: AbortController;
  timer: NodeJS.Timeout;
  sentAt: number;
}

/** An outage in progress: when it began and the counters then, to tell what it cost when it ends. */
interface Outage {
  since: number;
  dropped: Record<DropReason, number>;
  failedRequests: number;
}

/**
 * The shipping logic, in the worker thread. Lines become entries in the backlog, which builds a compressed push
 * request every `batchSize` entries or `flushIntervalMs`; at most `maxInFlight` requests are out at once. A failure
 * puts the batch back at the head and pauses sending for an exponential, jittered backoff (or Retry-After); until a
 * request succeeds again, one request at a time finds the way. Past `maxEntries`/`maxBytes` (in flight included)
 * the backlog drops its oldest. Every line is in exactly one place: sent, dropped (by reason), or buffered.
 * The first failure of an outage and the first success after it are told to `onNotice`, nothing in between.
 */
export class LokiShipper {
  private readonly options: LokiWorkerOptions;
  private readonly client: LokiClient;
  private readonly parser: EntryParser;
  private readonly backlog: Backlog;
  private readonly flights = new Set<Flight>();
  private flightEntries = 0;
  private flightBytes = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private retryAt = 0;
  private deadline = Infinity;
  private stopped = false;
  private readonly stats: LokiWorkerStats = emptyWorkerStats();
  private readonly onChange: () => void;
  private readonly onNotice: (notice: LokiNotice) => void;
  private outage: Outage | undefined;
  private lastSuccessAt = -Infinity;

  constructor(
    options: LokiWorkerOptions,
    client: LokiClient,
    onChange: () => void = () => undefined,
    onNotice: (notice: LokiNotice) => void = () => undefined,
  ) {
    this.options = options;
    this.client = client;
    this.onChange = onChange;
    this.onNotice = onNotice;
    this.parser = new EntryParser(options.metadataFields);
    this.backlog = new Backlog(options.batchSize, { labels: options.labels, levelLabel: options.levelLabel });
  }

  /** Takes one line (no newline). Never throws, never waits. */
  append(line: string): void {
    this.stats.received++;
    if (this.stopped) {
      this.drop('shutdown', 1);
      return;
    }
    this.backlog.add(this.parser.parse(line, Date.now()));
    if (this.backlog.pendingEntries === 0) this.cancelFlush();
    else this.flushTimer ??= this.timer(() => this.flush(), this.options.flushIntervalMs);
    this.enforceLimits();
    this.pump();
    this.onChange();
  }

  /** Builds a request of what is pending now and sends what it may. */
  flush(): void {
    this.seal();
    this.pump();
    this.onChange();
  }

  snapshot(): LokiWorkerStats {
    const s = this.stats;
    s.bufferedEntries = this.buffered();
    s.bufferedBytes = this.backlog.bytes + this.flightBytes;
    s.inFlight = this.flights.size;
    return { ...s, dropped: { ...s.dropped } };
  }

  /**
   * Sends what is buffered until `deadline` (epoch ms), ignoring backoff waits that would end past it, then aborts
   * what is still in flight and counts everything unsent as dropped (`shutdown`). Resolves with the final counters.
   */
  async shutdown(deadline: number): Promise<LokiWorkerStats> {
    this.deadline = Math.min(this.deadline, deadline);
    if (this.retryAt > this.deadline) this.retryAfter(0);
    this.flush();
    while (!this.stopped && Date.now() < this.deadline && this.buffered() > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      this.flush();
    }
    this.stop();
    return this.snapshot();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of [this.flushTimer, this.retryTimer, this.probeTimer]) if (timer) clearTimeout(timer);
    for (const flight of [...this.flights]) flight.controller.abort();
    this.drop('shutdown', this.backlog.clear() + this.flightEntries);
    this.flights.clear();
    this.flightEntries = 0;
    this.flightBytes = 0;
    this.client.close();
  }

  private buffered(): number {
    return this.backlog.entries + this.flightEntries;
  }

  private seal(): void {
    this.cancelFlush();
    this.backlog.seal();
  }

  private cancelFlush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private enforceLimits(): void {
    this.drop('buffer_full', this.backlog.trim(this.options.maxEntries, this.options.maxBytes, this.flightEntries, this.flightBytes));
  }

  private pump(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (now < this.retryAt) {
      this.retryTimer ??= this.timer(() => {
        this.retryTimer = undefined;
        this.pump();
      }, this.retryAt - now);
      return;
    }
    // After a failure, one request at a time finds out whether Loki is back before the rest follow.
    const limit = this.failures > 0 ? 1 : this.options.maxInFlight;
    let batch: LokiBatch | undefined;
    while (this.flights.size < limit && (batch = this.backlog.next())) this.send(batch);
  }

  private send(batch: LokiBatch): void {
    this.flightEntries += batch.entries;
    this.flightBytes += batch.body.length;
    if (batch.attempts > 0) this.stats.retried += batch.entries;
    batch.attempts++;
    const controller = new AbortController();
    const timeout = Math.max(1, Math.min(this.options.timeoutMs, this.deadline - Date.now()));
    const flight: Flight = { batch, controller, timer: this.timer(() => controller.abort(), timeout), sentAt: Date.now() };
    this.flights.add(flight);
    this.stats.maxInFlightSeen = Math.max(this.stats.maxInFlightSeen, this.flights.size);
    this.client.push(batch.body, controller.signal).then(
      (result) => this.settle(flight, result),
      (error: unknown) => this.settle(flight, { ok: false, retryable: true, error: String(error) }),
    );
  }

  private settle(flight: Flight, result: PushResult): void {
    clearTimeout(flight.timer);
    if (!this.flights.delete(flight)) return; // already counted as dropped by stop()
    const { batch } = flight;
    this.flightEntries -= batch.entries;
    this.flightBytes -= batch.body.length;
    if (result.ok) {
      this.stats.sent += batch.entries;
      this.failures = 0;
      this.lastSuccessAt = Date.now();
      this.stopProbing();
      this.endOutage(flight);
    } else {
      this.stats.failedRequests++;
      this.stats.lastError = result.error;
      if (!result.retryable) {
        this.drop('rejected', batch.entries);
      } else {
        this.beginOutage(flight, result.error);
        this.failures++;
        const delay = result.retryAfterMs ?? backoffDelay(this.failures, this.options.minBackoffMs, this.options.maxBackoffMs);
        // Draining at shutdown, a wait that ends past the deadline would only turn the batch into a drop.
        this.retryAfter(Date.now() + delay <= this.deadline ? delay : SHUTDOWN_RETRY_MS);
        this.backlog.requeue(batch);
        this.enforceLimits();
        if (result.refused) this.startProbing();
        else this.stopProbing();
      }
    }
    this.pump();
    this.onChange();
  }

  // Only what happens to a request sent after the last change of state tells something new: one sent before the
  // last success and failing now (a hung one timing out), or one sent before the first failure and succeeding now
  // (its answer was on its way when Loki went away), would only make the outage flap.
  private beginOutage(flight: Flight, error: string): void {
    if (this.outage || this.stopped || flight.sentAt < this.lastSuccessAt) return;
    this.outage = { since: Date.now(), dropped: { ...this.stats.dropped }, failedRequests: this.stats.failedRequests - 1 };
    this.tell({ kind: 'failing', error, maxEntries: this.options.maxEntries, maxBytes: this.options.maxBytes });
  }

  private endOutage(flight: Flight): void {
    const outage = this.outage;
    if (!outage || this.stopped || flight.sentAt < outage.since) return;
    this.outage = undefined;
    const dropped = { ...this.stats.dropped };
    for (const reason of DROP_REASONS) dropped[reason] -= outage.dropped[reason];
    this.tell({
      kind: 'recovered',
      outageMs: Date.now() - outage.since,
      dropped,
      failedRequests: this.stats.failedRequests - outage.failedRequests,
    });
  }

  private tell(notice: LokiNotice): void {
    try {
      this.onNotice(notice);
    } catch {
      // Telling the main thread is best effort; shipping goes on regardless.
    }
  }

  private startProbing(): void {
    this.probeTimer ??= this.timer(() => {
      this.probeTimer = undefined;
      if (this.stopped || Date.now() >= this.retryAt) return;
      void this.client.probe().then((up) => {
        if (this.stopped) return;
        if (up) {
          this.retryAfter(0);
          this.pump();
        } else {
          this.startProbing();
        }
      });
    }, PROBE_INTERVAL_MS);
  }

  private stopProbing(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  /** Sending resumes `ms` from now (replacing any later resumption). */
  private retryAfter(ms: number): void {
    this.retryAt = Date.now() + ms;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private drop(reason: DropReason, n: number): void {
    this.stats.dropped[reason] += n;
  }

  private timer(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(() => {
      try {
        fn();
      } catch {
        // A timer callback must never take the worker down; the next append or timer tries again.
      }
    }, ms);
    t.unref();
    return t;
  }
}
