/**
 * What the main thread and the shipping worker exchange. Types and plain constants only: this file is loaded in
 * the worker, which runs without the Nest/class-validator half of the library.
 */

/** Why entries were dropped; the `reason` label of `<ns>_log_entries_dropped_total`. */
export const DROP_REASONS = ['buffer_full', 'rejected', 'shutdown', 'worker_exit'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** The shipper's settings as the worker receives them (secrets already turned into headers). */
export interface LokiWorkerOptions {
  endpoint: string;
  /** Every request header except Content-Type/Encoding/Length: auth, tenant, extras. */
  headers: Record<string, string>;
  labels: Record<string, string>;
  levelLabel: boolean;
  metadataFields: string[];
  batchSize: number;
  flushIntervalMs: number;
  timeoutMs: number;
  maxInFlight: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  maxEntries: number;
  maxBytes: number;
  shutdownTimeoutMs: number;
  /** How often the worker reports its counters to the main thread (when they changed). */
  statsIntervalMs: number;
}

/** The worker's counters; cumulative except the buffer and in-flight figures. */
export interface LokiWorkerStats {
  /** Lines the worker took in. Always `received = sent + Σ dropped + bufferedEntries`. */
  received: number;
  sent: number;
  dropped: Record<DropReason, number>;
  /** Entries sent again after a failed attempt (one count per entry per retry). */
  retried: number;
  bufferedEntries: number;
  bufferedBytes: number;
  inFlight: number;
  /** The most requests ever in flight at once. */
  maxInFlightSeen: number;
  /** Push requests that failed (any reason). */
  failedRequests: number;
  /** The last failure, without headers or body: `HTTP 429`, `ECONNREFUSED`, `timeout after 5000ms`. */
  lastError?: string;
}

/**
 * A change in Loki's availability, told once per outage: when pushes start failing (429, 5xx, timeouts, network
 * errors) and when one succeeds again. Never once per attempt.
 */
export type LokiNotice =
  | {
      kind: 'failing';
      /** The first failure, as in `lastError`. */
      error: string;
      /** What the shipper holds before dropping the oldest. */
      maxEntries: number;
      maxBytes: number;
    }
  | {
      kind: 'recovered';
      /** From the first failed push to the first successful one. */
      outageMs: number;
      /** Entries given up on during the outage, by reason. */
      dropped: Record<DropReason, number>;
      failedRequests: number;
    };

/** Main → worker: drain until `deadline` (epoch ms), then report and close. */
export interface LokiShutdownMessage {
  code: 'LOKI_SHUTDOWN';
  deadline: number;
}

/** Worker → main, through thread-stream's EVENT channel: the stream emits `name` with `stats`. */
export const STATS_EVENT = 'loki:stats';
export const CLOSED_EVENT = 'loki:closed';
export const NOTICE_EVENT = 'loki:notice';

export function emptyDrops(): Record<DropReason, number> {
  return { buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 };
}

/** The worker's figures before it has done anything. */
export function emptyWorkerStats(): LokiWorkerStats {
  return {
    received: 0,
    sent: 0,
    dropped: emptyDrops(),
    retried: 0,
    bufferedEntries: 0,
    bufferedBytes: 0,
    inFlight: 0,
    maxInFlightSeen: 0,
    failedRequests: 0,
  };
}
