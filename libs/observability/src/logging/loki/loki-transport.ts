import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino, type DestinationStream } from 'pino';
import type { LokiConfig } from '../../config/index.js';
import {
  CLOSED_EVENT,
  DROP_REASONS,
  emptyDrops,
  emptyWorkerStats,
  NOTICE_EVENT,
  STATS_EVENT,
  type DropReason,
  type LokiNotice,
  type LokiShutdownMessage,
  type LokiWorkerOptions,
  type LokiWorkerStats,
} from './loki-protocol.js';

/** thread-stream's state getters, which its type declarations leave out. */
type ThreadStream = ReturnType<typeof pino.transport> & { readonly destroyed: boolean };

/** The shipper's accounting: `produced = sent + Σ dropped + buffered`, exactly. */
export interface LokiReport {
  /** Lines the app wrote while shipping was on. */
  produced: number;
  sent: number;
  dropped: Record<DropReason, number>;
  /** Entries sent again after a failed attempt. */
  retried: number;
  /** Not yet sent nor dropped: in the worker's buffer, in flight, or on their way to the worker. */
  buffered: number;
  bufferedBytes: number;
  inFlight: number;
  maxInFlightSeen: number;
  failedRequests: number;
  lastError?: string;
}

/** How often the worker reports its counters (when they changed). */
const STATS_INTERVAL_MS = 250;
const WORKER_YOUNG_GENERATION_MB = 4;
/** How long to wait, after the worker's final report, for its exit to be seen. */
const WORKER_EXIT_GRACE_MS = 200;
/** Lines handed to the worker but not yet reported received; the worker reports every 250 ms. */
const MIN_IN_TRANSIT = 10_000;
const MAX_IN_TRANSIT = 50_000;
/** Of the shutdown timeout, what the main thread keeps for itself: to hand over, read the result and log it. */
const SHUTDOWN_RESERVE_MS = 400;

/**
 * The Loki half of the log multistream, in the main thread: it hands each line to the shipping worker (a pino
 * transport: thread-stream over a shared buffer, so the request path pays one memory copy) and counts it. The worker
 * reports its counters back through thread-stream's event channel. Nothing here throws into a `logger.info()`:
 * the stream's `'error'` is always handled, and a dead or closed worker turns lines into counted drops.
 */
export class LokiTransport implements DestinationStream {
  private readonly stream: ThreadStream;
  private produced = 0;
  private readonly localDrops = emptyDrops();
  private worker: LokiWorkerStats;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<LokiReport> | undefined;
  private readonly listeners = new Set<(problem: string) => void>();
  private readonly noticeListeners = new Set<(notice: LokiNotice) => void>();

  private readonly shutdownTimeoutMs: number;
  private readonly exited: Promise<void>;
  private readonly maxInTransit: number;

  constructor(config: LokiConfig) {
    this.shutdownTimeoutMs = config.shutdown_timeout;
    this.maxInTransit = Math.max(MIN_IN_TRANSIT, Math.min(config.buffer_max_entries, MAX_IN_TRANSIT));
    this.worker = emptyWorkerStats();
    this.stream = pino.transport<LokiWorkerOptions>({
      target: workerFile(),
      options: toWorkerOptions(config),
      // No inherited --import/--require: a tracing preload in the worker would trace the shipper's own pushes.
      // A small young generation: the worker allocates little per line and holds what matters in compressed
      // Buffers outside its heap, so V8's default (growing semi-spaces to tens of MB) would only cost RSS.
      worker: { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } },
    }) as ThreadStream;
    this.stream.on('error', (error: Error) => this.onWorkerError(error));
    this.exited = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
    this.stream.on(STATS_EVENT, (stats: LokiWorkerStats) => {
      if (this.state !== 'closed') this.worker = stats;
    });
    this.stream.on(NOTICE_EVENT, (notice: LokiNotice) => {
      if (this.state !== 'open') return; // the shutdown line tells what the drain did
      for (const listener of this.noticeListeners) listener(notice);
    });
  }

  /**
   * Called by the multistream once per log line. There is deliberately no `flushSync`: the multistream would call it
   * on every LoggingService flush, and thread-stream's waits synchronously for the worker.
   */
  write(line: string): void {
    if (this.state === 'closed') return;
    this.produced++;
    if (this.stream.destroyed) this.localDrops.worker_exit++;
    // thread-stream queues without bound in this thread when the worker cannot keep up (it never refuses a line,
    // but a starved CPU could stall it): past a bound, lines are dropped here rather than held.
    else if (this.produced - this.localDrops.buffer_full - this.worker.received > this.maxInTransit) this.localDrops.buffer_full++;
    else this.stream.write(line);
  }

  /** A problem worth one warning line (the worker died); `listener` gets its description. */
  onProblem(listener: (problem: string) => void): void {
    this.listeners.add(listener);
  }

  /** Loki started failing, or recovered: once per outage each (see {@link LokiNotice}). */
  onNotice(listener: (notice: LokiNotice) => void): void {
    this.noticeListeners.add(listener);
  }

  report(): LokiReport {
    const w = this.worker;
    const dropped = emptyDrops();
    for (const reason of DROP_REASONS) dropped[reason] = w.dropped[reason] + this.localDrops[reason];
    const droppedTotal = DROP_REASONS.reduce((sum, r) => sum + dropped[r], 0);
    return {
      produced: this.produced,
      sent: w.sent,
      dropped,
      retried: w.retried,
      buffered: this.produced - w.sent - droppedTotal,
      bufferedBytes: w.bufferedBytes,
      inFlight: w.inFlight,
      maxInFlightSeen: w.maxInFlightSeen,
      failedRequests: w.failedRequests,
      lastError: w.lastError,
    };
  }

  /**
   * Drains within the shutdown timeout, counted from `startedAt` (when the app began shutting down), and resolves
   * with the final report whatever Loki does: the worker gets the deadline, and if its answer does not arrive in
   * time it is terminated and everything unconfirmed counts as dropped (`shutdown`). Idempotent.
   */
  close(startedAt: number = Date.now()): Promise<LokiReport> {
    this.closing ??= this.drain(startedAt);
    return this.closing;
  }

  private async drain(startedAt: number): Promise<LokiReport> {
    const end = startedAt + this.shutdownTimeoutMs;
    // Of the budget, the end is kept for handing over, reading the worker's last report, and logging it.
    const reserve = Math.min(SHUTDOWN_RESERVE_MS, this.shutdownTimeoutMs * 0.4);
    this.state = 'closing';
    if (!this.stream.destroyed) {
      // The instruction must not overtake lines still in the shared buffer: flush waits until the worker read them.
      await within(new Promise<void>((resolve) => this.stream.flush(() => resolve())), end - reserve - Date.now());
      const message: LokiShutdownMessage = { code: 'LOKI_SHUTDOWN', deadline: end - reserve };
      const final = new Promise<LokiWorkerStats>((resolve) => this.stream.once(CLOSED_EVENT, resolve));
      this.stream.emit('message', message);
      const stats = await within(final, end - reserve / 2 - Date.now());
      if (stats) this.worker = stats;
      else this.terminate();
      // Until the stream has seen its worker exit, pino's exit hook would still end() it, which waits
      // synchronously (up to 10 s) for a worker that is gone.
      await within(this.exited, Math.min(WORKER_EXIT_GRACE_MS, end - reserve / 4 - Date.now()));
    }
    this.state = 'closed';
    // Whatever the worker did not confirm is lost with it.
    const unconfirmed = this.report().buffered;
    if (unconfirmed > 0) this.localDrops.shutdown += unconfirmed;
    return this.report();
  }

  private terminate(): void {
    // thread-stream's end() waits synchronously for the worker; terminating it is the bounded way out.
    const worker = (this.stream as unknown as { worker?: { terminate(): Promise<number> } }).worker;
    worker?.terminate().catch(() => undefined);
  }

  private onWorkerError(error: Error): void {
    if (this.state !== 'open') return; // terminated on purpose at shutdown
    const lost = this.report().buffered;
    this.localDrops.worker_exit += lost;
    this.worker = { ...this.worker, bufferedEntries: 0, inFlight: 0 };
    for (const listener of this.listeners) listener(`${error.message} (${lost} buffered entries lost)`);
  }
}

/** Secrets become headers here, in memory; they are never logged nor put in an error message. */
export function toWorkerOptions(config: LokiConfig): LokiWorkerOptions {
  const headers: Record<string, string> = { ...config.headers };
  if (config.tenant_id) headers['X-Scope-OrgID'] = config.tenant_id;
  if (config.bearer_token) headers['Authorization'] = `Bearer ${config.bearer_token}`;
  else if (config.username !== undefined && config.password !== undefined) {
    headers['Authorization'] = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  }
  return {
    endpoint: config.endpoint ?? '',
    headers,
    labels: { ...config.labels },
    levelLabel: config.level_label,
    metadataFields: [...config.structured_metadata],
    batchSize: config.batch_size,
    flushIntervalMs: config.flush_interval,
    timeoutMs: config.timeout,
    maxInFlight: config.max_in_flight,
    minBackoffMs: config.min_backoff,
    maxBackoffMs: config.max_backoff,
    maxEntries: config.buffer_max_entries,
    maxBytes: config.buffer_max_bytes,
    shutdownTimeoutMs: config.shutdown_timeout,
    statsIntervalMs: STATS_INTERVAL_MS,
  };
}

/** The worker's entry: compiled JavaScript in dist/, the TypeScript source when running from src/. */
function workerFile(): string {
  const js = fileURLToPath(new URL('./loki.worker.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./loki.worker.ts', import.meta.url));
}

/** `promise`'s value, or `undefined` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
