import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AlertsConfig } from '../config/schema/alerts.schema.js';
import { ALERT_EVALUATION_JOB, ALERTS_CONFIG } from './alerting.constants.js';
import { AlertsService } from './alerts.service.js';

interface IntervalRegistry {
  addInterval(name: string, interval: NodeJS.Timeout): void;
  doesExist(type: 'interval', name: string): boolean;
  deleteInterval(name: string): void;
}

/**
 * Evaluates the rules every `alerts.evaluation_interval` from bootstrap to shutdown. The library never calls
 * `ScheduleModule.forRoot()`: when the app imports ScheduleModule the job is registered in its SchedulerRegistry,
 * otherwise it is this module's own unref()'d interval. A tick while an evaluation runs joins it (no overlap).
 */
@Injectable()
export class AlertingScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerting');
  private timer?: NodeJS.Timeout;
  private registry?: IntervalRegistry;
  private jobName = ALERT_EVALUATION_JOB;
  private stopped = false;

  constructor(
    private readonly alerts: AlertsService,
    private readonly moduleRef: ModuleRef,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || this.alerts.rules.length === 0 || this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.config.evaluation_interval);
    this.timer.unref();
    this.registry = await this.findSchedulerRegistry();
    if (this.registry && !this.stopped) {
      if (this.registry.doesExist('interval', this.jobName)) this.jobName = `${ALERT_EVALUATION_JOB}:${process.hrtime.bigint()}`;
      this.registry.addInterval(this.jobName, this.timer);
    }
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Stops evaluating. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    try {
      if (this.registry?.doesExist('interval', this.jobName)) this.registry.deleteInterval(this.jobName);
    } catch {
      // The app's ScheduleModule may have cleared its registry first.
    }
    this.timer = undefined;
  }

  private tick(): void {
    this.alerts.evaluate().catch((error: unknown) => this.logger.warn({ err: error, msg: 'alert evaluation failed' }));
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
