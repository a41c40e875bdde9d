import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { failureMessage, withDeadline, type IndicatorCallOptions } from './deadline.js';

/** What the check needs of a `pg.Pool` (any version; structural, so the suite does not depend on `pg`). */
export interface PgPoolLike {
  query(text: string): Promise<unknown>;
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** Any client that can prove it is connected: a Redis client, a SQLite handle, an ORM wrapper. */
export interface Pingable {
  ping(signal?: AbortSignal): unknown;
}

export interface DatabasePingOptions extends IndicatorCallOptions {
  /** The query that proves a pool works. @default "SELECT 1" */
  query?: string;
}

export function isPgPool(target: unknown): target is PgPoolLike {
  const pool = target as Partial<PgPoolLike> | null;
  return typeof pool === 'object' && pool !== null && typeof pool.query === 'function' && typeof pool.totalCount === 'number';
}

/**
 * A database round trip. With a `pg.Pool`: runs `SELECT 1` through the pool and reports its clients
 * (total / idle / waiting, so an exhausted pool shows before it fails). With any object with `ping()`: awaits it.
 * Down carries the driver's error message (credentials removed before any response shows it).
 */
@Injectable()
export class DatabaseIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async pingCheck<const Key extends string>(
    key: Key,
    target: PgPoolLike | Pingable,
    options: DatabasePingOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const stats = isPgPool(target)
      ? () => ({ total: target.totalCount, idle: target.idleCount, waiting: target.waitingCount })
      : () => ({});
    const started = performance.now();
    try {
      await withDeadline(async (signal) => {
        if (isPgPool(target)) await target.query(options.query ?? 'SELECT 1');
        else await target.ping(signal);
      }, options);
      return session.up({ response_time_ms: Math.round(performance.now() - started), ...stats() });
    } catch (error) {
      return session.down({ message: failureMessage(error), ...stats() });
    }
  }
}
