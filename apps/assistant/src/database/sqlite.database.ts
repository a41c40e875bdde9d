import type { DatabaseSync } from 'node:sqlite';
import type { Database, Row } from './database.js';

type Sqlite = typeof import('node:sqlite');

/**
 * node:sqlite, looked up rather than imported: Node 22.12 keeps it behind `--experimental-sqlite` (it is built in
 * from 22.13), and an import of it fails before anything can say why.
 */
export function loadSqlite(version = process.version, lookUp = (id: string): unknown => process.getBuiltinModule(id)): Sqlite {
  const sqlite = lookUp('node:sqlite') as Sqlite | undefined;
  if (sqlite) return sqlite;
  throw new Error(
    `The demo's embedded database needs node:sqlite, which Node ${version} does not have without --experimental-sqlite ` +
      `(it is built in from Node 22.13). Start the demo with \`npm start\`, which runs it on the repository's Node 24, ` +
      `or set DATABASE_URL to a PostgreSQL database.`,
  );
}

/**
 * The embedded database: node:sqlite (built into Node 22.13 and later, synchronous, in memory). Chosen over PGlite,
 * which speaks PostgreSQL's dialect but takes 2-3 s and ~450 MB to start, too much for a demo booted by every test.
 */
export class SqliteDatabase implements Database {
  readonly engine = 'sqlite';
  private readonly db: DatabaseSync = new (loadSqlite().DatabaseSync)(':memory:');

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
