/** How a channel retries a notification that failed. Defaults in {@link DEFAULT_RETRY_POLICY}. */
export interface RetryPolicy {
  /** First retry after this long; each further one waits twice as long. @default 1000 */
  readonly minBackoffMs: number;
  /** The longest backoff between two attempts (a receiver's `Retry-After` may ask for more). @default 60000 */
  readonly maxBackoffMs: number;
  /** Attempts per notification (the first one included) before it is dropped. @default 8 */
  readonly maxAttempts: number;
  /** One attempt is aborted after this long. @default 10000 */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  minBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxAttempts: 8,
  timeoutMs: 10_000,
});

/** The longest `Retry-After` honoured; a receiver asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Wait before retry number `attempt` (1-based): `min · 2^(attempt-1)`, capped at `max`, with up to 25% jitter so
 * that instances failing together do not retry in step. A receiver's `Retry-After` wins (up to 10 minutes): asking
 * again sooner would only be refused again.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  const base = Math.min(policy.maxBackoffMs, policy.minBackoffMs * 2 ** Math.min(attempt - 1, 30));
  return Math.min(policy.maxBackoffMs, base * (1 + 0.25 * random()));
}

/** `Retry-After` (delta-seconds or an HTTP date) as milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
