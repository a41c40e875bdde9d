import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IntervalJob } from '../common/index.js';
import type { HealthConfig } from '../config/index.js';
import { HEALTH_CONFIG, HEALTH_REFRESH_JOB } from './health.constants.js';
import { HealthService } from './health.service.js';
import { REFRESH_FAILED } from './health.messages.js';

/**
 * Refreshes the checks every `health.interval`, from bootstrap to shutdown. The library never calls
 * `ScheduleModule.forRoot()` (the app's own jobs would run twice); when the app imports ScheduleModule, the job
 * is registered in the app's SchedulerRegistry (visible there, stopped with it), otherwise it is this module's
 * own unref()'d interval. Either way it stops when shutdown begins, and a tick never overlaps a run in progress.
 */
@Injectable()
export class HealthRefreshScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('HealthService');
  private readonly job: IntervalJob;
  private first?: NodeJS.Immediate;

  constructor(
    private readonly health: HealthService,
    moduleRef: ModuleRef,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {
    this.job = new IntervalJob(moduleRef, HEALTH_REFRESH_JOB);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || this.job.isStopped) return;
    this.health.markBootstrapped();
    // The first run waits for the rest of bootstrap (modules closer to the root bootstrap after this one).
    this.first = setImmediate(() => this.tick());
    this.first.unref();
    await this.job.start(this.config.interval, () => this.tick());
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Stops refreshing. Idempotent. */
  stop(): void {
    if (this.first) clearImmediate(this.first);
    this.first = undefined;
    this.job.stop();
  }

  private tick(): void {
    this.health.refresh().catch((error: unknown) => this.logger.warn({ err: error, msg: REFRESH_FAILED }));
  }
}
