import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { HealthConfig } from '../config/schema/health.schema.js';
import { HEALTH_CONFIG, HEALTH_REFRESH_JOB } from './health.constants.js';
import { HealthService } from './health.service.js';

interface IntervalRegistry {
  addInterval(name: string, interval: NodeJS.Timeout): void;
  doesExist(type: 'interval', name: string): boolean;
  deleteInterval(name: string): void;
}

/**
 * Refreshes the checks every `health.interval`, from bootstrap to shutdown. The library never calls
 * `ScheduleModule.forRoot()` (the app's own jobs would run twice); when the app imports ScheduleModule, the job
 * is registered in the app's SchedulerRegistry (visible there, stopped with it), otherwise it is this module's
 * own unref()'d interval. Either way it stops when shutdown begins, and a tick never overlaps a run in progress.
 */
@Injectable()
export class HealthRefreshScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('HealthService');
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Immediate;
  private registry?: IntervalRegistry;
  private jobName = HEALTH_REFRESH_JOB;
  private stopped = false;

  constructor(
    private readonly health: HealthService,
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || this.stopped) return;
    this.health.markBootstrapped();
    this.timer = setInterval(() => this.tick(), this.config.interval);
    this.timer.unref();
    // The first run waits for the rest of bootstrap (modules closer to the root bootstrap after this one).
    this.first = setImmediate(() => this.tick());
    this.first.unref();
    this.registry = await this.findSchedulerRegistry();
    if (this.registry && !this.stopped) {
      if (this.registry.doesExist('interval', this.jobName)) this.jobName = `${HEALTH_REFRESH_JOB}:${process.hrtime.bigint()}`;
      this.registry.addInterval(this.jobName, this.timer);
    }
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Stops refreshing. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.first) clearImmediate(this.first);
    if (this.timer) clearInterval(this.timer);
    try {
      if (this.registry?.doesExist('interval', this.jobName)) this.registry.deleteInterval(this.jobName);
    } catch {
      // The app's ScheduleModule may have cleared its registry first.
    }
    this.timer = undefined;
    this.first = undefined;
  }

  private tick(): void {
    this.health.refresh().catch((error: unknown) => this.logger.warn({ err: error, msg: 'health refresh failed' }));
  }

  /** The app's SchedulerRegistry, if it imports ScheduleModule (@nestjs/schedule is an optional peer dependency). */
  private async findSchedulerRegistry(): Promise<IntervalRegistry | undefined> {
    try {
      const { SchedulerRegistry } = await import('@nestjs/schedule');
      return this.moduleRef.get<unknown, IntervalRegistry>(SchedulerRegistry, { strict: false });
    } catch {
      return undefined;
    }
  }
}
