import { LIFECYCLE_ENTRY } from './health.constants.js';
import { DUPLICATE_CHECK, INVALID_CHECK_NAME, NOT_A_HEALTH_CHECK, RESERVED_CHECK } from './health.messages.js';
import type { HealthCheck, HealthCheckOptions } from './interfaces/health-check.interface.js';

export interface RegisteredCheck {
  readonly check: HealthCheck;
  readonly readiness: boolean;
  /** Where it came from, for error messages (`QueueHealth`, `health.checks.http[0]`). */
  readonly source: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,63}$/;

export function isHealthCheck(value: unknown): value is HealthCheck {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as HealthCheck).name === 'string' &&
    typeof (value as HealthCheck).check === 'function'
  );
}

/** The checks of one HealthModule instance, by name. Names are report keys and metric label values: unique. */
export class HealthCheckRegistry {
  private readonly checks = new Map<string, RegisteredCheck>();

  add(check: HealthCheck, options: HealthCheckOptions, source: string): void {
    if (!isHealthCheck(check)) throw new Error(NOT_A_HEALTH_CHECK(source));
    const { name } = check;
    if (!NAME.test(name)) throw new Error(INVALID_CHECK_NAME(name, source));
    if (name === LIFECYCLE_ENTRY) throw new Error(RESERVED_CHECK(name, source));
    const existing = this.checks.get(name);
    if (existing) throw new Error(DUPLICATE_CHECK(name, `${existing.source} and ${source}`));
    this.checks.set(name, { check, readiness: options.readiness ?? true, source });
  }

  remove(name: string): boolean {
    return this.checks.delete(name);
  }

  all(): RegisteredCheck[] {
    return [...this.checks.values()];
  }

  isReadiness(name: string): boolean {
    return this.checks.get(name)?.readiness ?? false;
  }
}
