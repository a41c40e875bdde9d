import type { HealthIndicatorStatus } from '@nestjs/terminus';
import { MAX_MESSAGE_LENGTH } from './health.constants.js';
import { CHECK_ABORTED, CHECK_RETURNED, CHECK_TIMEOUT, CHECK_WITHOUT_STATUS } from './health.messages.js';
import { failureMessage } from './indicators/deadline.js';
import type { HealthCheck, HealthCheckDetail, HealthCheckOutcome } from './interfaces/health-check.interface.js';
import { type RedactionPolicy, sanitizeText } from '../common/index.js';
import { sanitizeDetail } from './sanitize.js';

/** The result of running one check once. */
export interface CheckResult {
  readonly name: string;
  readonly detail: HealthCheckDetail;
  readonly durationMs: number;
}

const STATUSES: ReadonlySet<unknown> = new Set<HealthIndicatorStatus>(['up', 'down', 'degraded']);

/**
 * Runs one check under a timeout. Never rejects and never waits past the timeout: a check that hangs is
 * reported down ("timeout after 5s") and its signal is aborted, so well-behaved checks stop their work too.
 * `shutdown` aborts every running check at once when the app stops.
 */
export async function runCheck(
  check: HealthCheck,
  timeoutMs: number,
  shutdown: AbortSignal,
  redaction?: RedactionPolicy,
): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onShutdown: (() => void) | undefined;
  const deadline = new Promise<HealthCheckDetail>((resolve) => {
    timer = setTimeout(() => {
      resolve({ status: 'down', message: CHECK_TIMEOUT(timeoutMs) });
      controller.abort(new Error(CHECK_TIMEOUT(timeoutMs)));
    }, timeoutMs);
    timer.unref();
    onShutdown = () => {
      resolve({ status: 'down', message: CHECK_ABORTED });
      controller.abort(new Error(CHECK_ABORTED));
    };
    if (shutdown.aborted) onShutdown();
    else shutdown.addEventListener('abort', onShutdown, { once: true });
  });
  try {
    const outcome = (async () => normalize(check.name, await check.check(controller.signal)))().catch(
      (error: unknown): HealthCheckDetail => ({ status: 'down', message: messageOf(error, redaction) }),
    );
    const detail = await Promise.race([outcome, deadline]);
    return { name: check.name, detail: sanitizeDetail(detail, redaction), durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
    if (onShutdown) shutdown.removeEventListener('abort', onShutdown);
  }
}

/** Accepts the shapes a check may return (see {@link HealthCheckOutcome}) and gives one detail. */
export function normalize(name: string, outcome: HealthCheckOutcome): HealthCheckDetail {
  if (outcome === undefined || outcome === null) return { status: 'up' };
  if (typeof outcome !== 'object' || Array.isArray(outcome)) return { status: 'down', message: CHECK_RETURNED(typeof outcome) };
  const record = outcome as Record<string, unknown>;
  if (STATUSES.has(record['status'])) return { ...record } as HealthCheckDetail;
  // A Terminus indicator result: `{ [key]: { status, ...data } }`, keyed by the check's name or by any single key.
  const keyed = record[name] ?? (Object.keys(record).length === 1 ? Object.values(record)[0] : undefined);
  if (keyed && typeof keyed === 'object' && STATUSES.has((keyed as Record<string, unknown>)['status']))
    return { ...(keyed as HealthCheckDetail) };
  return { status: 'down', message: CHECK_WITHOUT_STATUS };
}

export function messageOf(error: unknown, redaction?: RedactionPolicy): string {
  const text = sanitizeText(failureMessage(error), redaction);
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}...` : text;
}
