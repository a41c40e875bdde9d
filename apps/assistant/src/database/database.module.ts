import { Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_OPTIONS, type DatabaseOptions } from './database.js';
import { DatabaseHealthCheck } from './database.health.js';
import { DatabaseService } from './database.service.js';

/** PostgreSQL when `DATABASE_URL` is set, embedded SQLite otherwise; its health shows in /health. */
@Module({})
export class DatabaseModule {
  static register(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, DatabaseService, DatabaseHealthCheck],
      exports: [DatabaseService],
    };
  }
}
