import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IntervalJob } from '../common/index.js';
import type { AlertsConfig } from '../config/index.js';
import { ALERT_EVALUATION_JOB, ALERTS_CONFIG } from './alerting.constants.js';
import { AlertsService } from './alerts.service.js';
import { SCHEDULED_EVALUATION_FAILED } from './alerting.messages.js';

/**
 * Evaluates the rules every `alerts.evaluation_interval` from bootstrap to shutdown. The library never calls
 * `ScheduleModule.forRoot()`: when the app imports ScheduleModule the job is registered in its SchedulerRegistry,
 * otherwise it is this module's own unref()'d interval. A tick while an evaluation runs joins it (no overlap).
 */
@Injectable()
export class AlertingScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerting');
  private readonly job: IntervalJob;

  constructor(
    private readonly alerts: AlertsService,
    moduleRef: ModuleRef,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
  ) {
    this.job = new IntervalJob(moduleRef, ALERT_EVALUATION_JOB);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled || this.alerts.rules.length === 0) return;
    await this.job.start(this.config.evaluation_interval, () => this.tick());
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Stops evaluating. Idempotent. */
  stop(): void {
    this.job.stop();
  }

  private tick(): void {
    this.alerts.evaluate().catch((error: unknown) => this.logger.warn({ err: error, msg: SCHEDULED_EVALUATION_FAILED }));
  }
}
