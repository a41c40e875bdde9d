import { DatabaseSync } from 'node:sqlite';
import type { Database, Row } from './database.js';

/**
 * The embedded database: node:sqlite (built into Node 24, synchronous, in memory). Chosen over PGlite, which
 * speaks PostgreSQL's dialect but takes 2-3 s and ~450 MB to start, too much for a demo booted by every test.
 */
export class SqliteDatabase implements Database {
  readonly engine = 'sqlite';
  private readonly db = new DatabaseSync(':memory:');

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // `$1` is a named parameter to SQLite; `?1` is the numbered one PostgreSQL's `$1` means.
    const statement = this.db.prepare(sql.replace(/\$(\d+)/g, '?$1'));
    return statement.all(...(params as (string | number | null)[])).map((row) => ({ ...row }) as T);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  exec(ddl: string): void {
    this.db.exec(ddl);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
