import { Inject, Injectable, Logger, type OnModuleDestroy, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IntervalJob } from '../common/index.js';
import type { ProfilingConfig } from '../config/index.js';
import { PROFILING_CAPTURE_JOB, PROFILING_CONFIG } from './profiling.constants.js';
import { ProfilingService } from './profiling.service.js';
import { CAPTURE_FAILED } from './profiling.messages.js';

/**
 * Runs a capture every `profiling.interval`. As health's refresh: a job in the app's SchedulerRegistry when the app
 * imports ScheduleModule (the library never calls `ScheduleModule.forRoot()`), else this module's own unref()'d
 * interval. A tick while a run is in progress is skipped; from the first shutdown hook on, nothing runs and the
 * run in progress is cut short (its CPU capture ends at once), so shutdown never waits for a capture.
 */
@Injectable()
export class CaptureScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Profiling');
  private readonly job: IntervalJob;
  private running?: Promise<void>;

  constructor(
    private readonly profiling: ProfilingService,
    moduleRef: ModuleRef,
    @Inject(PROFILING_CONFIG) private readonly config: ProfilingConfig,
  ) {
    this.job = new IntervalJob(moduleRef, PROFILING_CAPTURE_JOB);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || !this.profiling.active) return;
    await this.job.start(this.config.interval, () => this.tick());
  }

  /** The first shutdown hook: no run starts once shutdown has begun. */
  onModuleDestroy(): void {
    this.stop();
  }

  /** Stops scheduling. Idempotent. */
  stop(): void {
    this.job.stop();
  }

  private tick(): void {
    if (this.running || this.job.isStopped) return;
    this.running = this.profiling
      .runScheduled()
      .catch((error: unknown) => this.logger.warn({ err: error, msg: CAPTURE_FAILED }))
      .finally(() => (this.running = undefined));
  }
}
