import { Injectable } from '@nestjs/common';
import { DatabaseIndicator, RegisterHealthCheck, type HealthCheck, type HealthCheckDetail } from 'nestjs-observability';
import { DatabaseService } from './database.service.js';
import { PostgresDatabase } from './postgres.database.js';

/** `database` in /health: a round trip, plus pool statistics when it is PostgreSQL. Found by DI, no wiring. */
@Injectable()
@RegisterHealthCheck()
export class DatabaseHealthCheck implements HealthCheck {
  readonly name = 'database';

  constructor(
    private readonly database: DatabaseService,
    private readonly indicator: DatabaseIndicator,
  ) {}

  async check(signal: AbortSignal): Promise<HealthCheckDetail> {
    const { db } = this.database;
    const result = await this.indicator.pingCheck(this.name, db instanceof PostgresDatabase ? db.pool : db, { signal });
    return { ...result.database, engine: db.engine };
  }
}
