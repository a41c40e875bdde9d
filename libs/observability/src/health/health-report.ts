import type { HealthCheckResult, HealthCheckStatus, HealthIndicatorResult } from '@nestjs/terminus';
import type { CheckResult } from './check-runner.js';
import { LIFECYCLE_ENTRY } from './health.constants.js';

/** Where the application is in its life: readiness is down unless `running`. */
export type HealthPhase = 'starting' | 'running' | 'draining';

/** What an endpoint answers: the HTTP status and the body (full Terminus report or status only). */
export interface HealthResponse {
  readonly statusCode: number;
  readonly body: HealthCheckResult | { status: HealthCheckStatus; message?: string };
}

/**
 * Builds the Terminus-shaped report (`status`, `info`, `error`, `details`) from check results, as Terminus'
 * HealthCheckService would, with the app's own state: while starting or draining an entry named
 * {@link LIFECYCLE_ENTRY} says why, and draining reports `shutting_down` whatever the checks say.
 */
export function buildReport(results: readonly CheckResult[], phase: HealthPhase): HealthCheckResult {
  const info: HealthIndicatorResult = {};
  const error: HealthIndicatorResult = {};
  const details: HealthIndicatorResult = {};
  if (phase !== 'running') {
    const entry = { status: 'down' as const, state: phase };
    error[LIFECYCLE_ENTRY] = entry;
    details[LIFECYCLE_ENTRY] = entry;
  }
  let degraded = false;
  for (const { name, detail } of results) {
    details[name] = detail;
    if (detail.status === 'down') error[name] = detail;
    else {
      info[name] = detail;
      if (detail.status === 'degraded') degraded = true;
    }
  }
  const status: HealthCheckStatus =
    phase === 'draining' ? 'shutting_down' : Object.keys(error).length > 0 ? 'error' : degraded ? 'degraded' : 'ok';
  return { status, info, error, details };
}

/** 200 for ok and degraded (still serving), 503 for error and shutting_down, as Terminus answers. */
export function httpStatusOf(status: HealthCheckStatus): number {
  return status === 'ok' || status === 'degraded' ? 200 : 503;
}

export function respond(report: HealthCheckResult, withDetails: boolean): HealthResponse {
  return { statusCode: httpStatusOf(report.status), body: withDetails ? report : { status: report.status } };
}
