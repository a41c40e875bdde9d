import { CHECK_TIMEOUT } from '../health.messages.js';

/** Options every indicator takes when used on its own (in your Terminus controller). */
export interface IndicatorCallOptions {
  /** Abandon the check when this aborts (HealthModule passes the check's signal). */
  signal?: AbortSignal;
  /** Report down ("timeout after 2s") if the check takes longer. Unset: no limit of its own. */
  timeoutMs?: number;
}

/**
 * Runs `work` until it settles or the caller's signal / the timeout aborts, whichever comes first. Work that
 * ignores its signal is abandoned, not awaited: the caller gets its answer in time either way.
 */
export async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T> | T, options: IndicatorCallOptions = {}): Promise<T> {
  const signals: AbortSignal[] = [];
  if (options.signal) signals.push(options.signal);
  const timeout = options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined;
  if (timeout) signals.push(timeout);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : new AbortController().signal;
  const reasonOf = () =>
    timeout?.aborted ? new Error(CHECK_TIMEOUT(options.timeoutMs!)) : signal.reason instanceof Error ? signal.reason : new Error('aborted');
  if (signal.aborted) throw reasonOf();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(reasonOf());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([Promise.resolve().then(() => work(signal)), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The message of a failed call, preferring the underlying cause (`fetch failed` → `connect ECONNREFUSED ...`). */
export function failureMessage(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : 'check failed';
  const cause: unknown = error.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  if (error.message) return error.message;
  const first: unknown = (error as { errors?: unknown[] }).errors?.[0];
  return first instanceof Error && first.message ? first.message : error.name;
}
