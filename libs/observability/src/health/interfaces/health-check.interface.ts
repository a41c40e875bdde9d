import type { HealthIndicatorResult, HealthIndicatorStatus } from '@nestjs/terminus';

/** One entry of a Terminus report: its status plus whatever the check wants to show (when details are shown). */
export interface HealthCheckDetail {
  status: HealthIndicatorStatus;
  [key: string]: unknown;
}

/**
 * What a check may return: nothing (up), a detail (`{ status: 'down', message }`), or a Terminus indicator result
 * (`{ db: { status: 'up' } }`, what every indicator of this suite and of @nestjs/terminus returns). Throwing or
 * rejecting reports down with the error's message.
 */
export type HealthCheckOutcome = HealthCheckDetail | HealthIndicatorResult | void | undefined;

/**
 * A health check the suite runs for you: in parallel with the others, under `health.timeout`, every
 * `health.interval`. Register it with `@RegisterHealthCheck()` on a provider class, or `HealthService.register()`.
 */
export interface HealthCheck {
  /** Key of the check in the report and value of the `check` metric label. */
  readonly name: string;
  /**
   * Resolves the check's state. `signal` aborts when the check times out or the app shuts down: pass it on to
   * `fetch`, drivers and timers so abandoned work stops.
   */
  check(signal: AbortSignal): Promise<HealthCheckOutcome> | HealthCheckOutcome;
}

/** How a registered check takes part in the probes. */
export interface HealthCheckOptions {
  /**
   * Whether the check decides readiness (`<path>/ready`). A check that is down but not critical to serving
   * traffic still shows in the full report. @default true
   */
  readiness?: boolean;
}
