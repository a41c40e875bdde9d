/** A row as the drivers return it. */
export type Row = Record<string, unknown>;

/**
 * The Assistant's storage: PostgreSQL when `DATABASE_URL` is set, an embedded SQLite database otherwise. Queries
 * are written once, with PostgreSQL's `$1` placeholders; each engine runs its own DDL.
 */
export interface Database {
  readonly engine: 'postgresql' | 'sqlite';
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A round trip that proves the database answers. */
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Options of DatabaseModule: where the data lives. */
export interface DatabaseOptions {
  /** `postgres://user:password@host:5432/db`. Unset: an in-memory SQLite database (node:sqlite), one per app. */
  url?: string;
}

export const DATABASE = Symbol('ASSISTANT_DATABASE');
export const DATABASE_OPTIONS = Symbol('ASSISTANT_DATABASE_OPTIONS');

/** `DATABASE_URL`, checked before the app is built (a bad value fails startup with a message, not an abort). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv): DatabaseOptions {
  const url = env['DATABASE_URL'];
  if (!url) return {};
  assertPostgresUrl(url);
  return { url };
}

/** Refuses anything but a PostgreSQL URL without ever printing it (it carries the password). */
export function assertPostgresUrl(url: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new Error(
      `DATABASE_URL: got a URL with scheme ${JSON.stringify(scheme ?? '')}; expected postgres:// or postgresql:// (unset it to use the embedded SQLite database)`,
    );
  }
}
