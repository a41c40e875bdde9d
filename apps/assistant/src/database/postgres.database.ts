import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { Database, Row } from './database.js';

/** PostgreSQL through a `pg.Pool`; the pool itself is what the health check reports on (total / idle / waiting). */
export class PostgresDatabase implements Database {
  readonly engine = 'postgresql';
  readonly pool: pg.Pool;
  private readonly logger = new Logger('Database');

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    // An idle client whose server went away emits 'error'; unhandled, it would crash the process.
    this.pool.on('error', (error) => this.logger.warn({ err: error.message, msg: 'idle database connection lost' }));
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as T[];
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
