import { Injectable } from '@nestjs/common';
import { RegisterHealthCheck, type HealthCheck, type HealthCheckOutcome } from 'nestjs-observability';

export type SwitchMode = 'up' | 'down' | 'throw' | 'hang' | 'degraded';

/** A check whose answer the test sets; counts how often it ran and whether its signal was aborted. */
export class SwitchableCheck implements HealthCheck {
  mode: SwitchMode = 'up';
  runs = 0;
  aborted = 0;
  data: Record<string, unknown> = {};

  constructor(readonly name: string) {}

  check(signal: AbortSignal): Promise<HealthCheckOutcome> | HealthCheckOutcome {
    this.runs++;
    signal.addEventListener('abort', () => this.aborted++, { once: true });
    switch (this.mode) {
      case 'up':
        return { status: 'up', ...this.data };
      case 'degraded':
        return { status: 'degraded', ...this.data };
      case 'down':
        return { status: 'down', message: 'switched off', ...this.data };
      case 'throw':
        throw new Error('connect ECONNREFUSED postgres://app:s3cret-pw@db.internal:5432/app');
      case 'hang':
        return new Promise<never>(() => undefined);
    }
  }
}

/** A custom check found by DI: decorated provider, no wiring anywhere. */
@Injectable()
@RegisterHealthCheck()
export class QueueHealthCheck extends SwitchableCheck {
  constructor() {
    super('queue');
  }
}

/** Shown in the full report but not deciding readiness. */
@Injectable()
@RegisterHealthCheck({ readiness: false })
export class ReportOnlyCheck extends SwitchableCheck {
  constructor() {
    super('search_index');
  }
}

/** A check that waits until the test opens the gate (a dependency still coming up). */
export class GatedCheck implements HealthCheck {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor(readonly name: string) {}

  async check(): Promise<HealthCheckOutcome> {
    await this.gate;
    return { status: 'up' };
  }

  release(): void {
    this.open();
  }
}

/** Checks that take `ms` each and record how many of them ran at the same time. */
export function concurrentChecks(count: number, ms: number): { checks: HealthCheck[]; maxConcurrent: () => number } {
  let running = 0;
  let max = 0;
  const checks = Array.from({ length: count }, (_, i) => ({
    name: `slow_${i}`,
    async check(): Promise<HealthCheckOutcome> {
      running++;
      max = Math.max(max, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return { status: 'up' };
    },
  }));
  return { checks, maxConcurrent: () => max };
}

@Injectable()
@RegisterHealthCheck()
export class GatedDependency extends GatedCheck {
  constructor() {
    super('slow_start');
  }
}
