import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ProfilingConfig } from '../config/schema/profiling.schema.js';
import { PROFILING_CAPTURE_JOB, PROFILING_CONFIG } from './profiling.constants.js';
import { ProfilingService } from './profiling.service.js';

interface IntervalRegistry {
  addInterval(name: string, interval: NodeJS.Timeout): void;
  doesExist(type: 'interval', name: string): boolean;
  deleteInterval(name: string): void;
}

/**
 * Runs a capture every `profiling.interval`. As health's refresh: a job in the app's SchedulerRegistry when the app
 * imports ScheduleModule (the library never calls `ScheduleModule.forRoot()`), else this module's own unref()'d
 * interval. A tick while a run is in progress is skipped; from the first shutdown hook on, nothing runs and the
 * run in progress is cut short (its CPU capture ends at once), so shutdown never waits for a capture.
 */
@Injectable()
export class CaptureScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Profiling');
  private timer?: NodeJS.Timeout;
  private registry?: IntervalRegistry;
  private jobName = PROFILING_CAPTURE_JOB;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly profiling: ProfilingService,
    private readonly moduleRef: ModuleRef,
    @Inject(PROFILING_CONFIG) private readonly config: ProfilingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || !this.profiling.active || this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.config.interval);
    this.timer.unref();
    this.registry = await this.findSchedulerRegistry();
    if (this.registry && !this.stopped) {
      if (this.registry.doesExist('interval', this.jobName)) this.jobName = `${PROFILING_CAPTURE_JOB}:${process.hrtime.bigint()}`;
      this.registry.addInterval(this.jobName, this.timer);
    }
  }

  beforeApplicationShutdown(): void {
    this.stop();
  }

  /** Stops scheduling. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      if (this.registry?.doesExist('interval', this.jobName)) this.registry.deleteInterval(this.jobName);
    } catch {
      // The app's ScheduleModule may have cleared its registry first.
    }
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.profiling
      .runScheduled()
      .catch((error: unknown) => this.logger.warn({ err: error, msg: 'scheduled profile capture failed' }))
      .finally(() => (this.running = undefined));
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
