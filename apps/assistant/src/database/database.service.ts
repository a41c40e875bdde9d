import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { assertPostgresUrl, DATABASE_OPTIONS, type Database, type DatabaseOptions, type Row } from './database.js';
import { PostgresDatabase } from './postgres.database.js';
import { schemaStatements } from './schema.js';
import { SqliteDatabase } from './sqlite.database.js';

/** The app's database, its tables, and its lifetime. */
@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  readonly db: Database;
  private readonly logger = new Logger('Database');
  private schema?: Promise<void>;

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    if (options.url) assertPostgresUrl(options.url);
    this.db = options.url ? new PostgresDatabase(options.url) : new SqliteDatabase();
  }

  /** A database that is down at startup does not stop the app: readiness says so, and queries retry the schema. */
  async onModuleInit(): Promise<void> {
    try {
      await this.ready();
      this.logger.log({ engine: this.db.engine, msg: 'database ready' });
    } catch (error) {
      this.logger.warn({ engine: this.db.engine, err: (error as Error).message, msg: 'database unavailable at startup' });
    }
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    await this.ready();
    return this.db.query<T>(sql, params);
  }

  /** Closed after the HTTP server, so requests served during the drain still have their database. */
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }

  private ready(): Promise<void> {
    this.schema ??= (async () => {
      for (const statement of schemaStatements(this.db.engine)) await this.db.query(statement);
    })().catch((error: unknown) => {
      this.schema = undefined;
      throw error;
    });
    return this.schema;
  }
}
