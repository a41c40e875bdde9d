import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IntervalJob } from '../../common/interval-job.js';
import { serviceVersion } from '../../common/resource-attributes.js';
import type { AlertsConfig } from '../../config/schema/alerts.schema.js';
import { ALERTING_MODULE_OPTIONS, ALERTS_CONFIG, ANOMALY_BASELINES, ANOMALY_STATE_JOB } from '../alerting.constants.js';
import type { AlertingModuleOptions } from '../alerting.module-definition.js';
import type { AnomalyBaselines } from '../smart/anomaly-baselines.js';
import {
  STATE_FILE_UNUSABLE,
  STATE_RESTORED,
  STATE_VERSION_CHANGED,
  STATE_WRITE_FAILED,
  STATE_WRITE_RECOVERED,
} from './anomaly-state.messages.js';
import { readStateFile, STATE_FILE_FORMAT, writeStateFile } from './anomaly-state-file.js';

/**
 * Keeps the anomaly baselines across restarts in `alerts.anomaly.state_file`: restored before the first
 * evaluation, written every `save_interval` and at shutdown. A file that cannot be used is one warning and a fresh
 * start; one written by another `service.version` (a deploy) is a fresh start with one line saying so.
 */
@Injectable()
export class AnomalyStateService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerting');
  private readonly job: IntervalJob;
  private readonly file?: string;
  private readonly version: string | null;
  private readonly clock: () => number;
  private writeFailing = false;

  constructor(
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ANOMALY_BASELINES) private readonly baselines: AnomalyBaselines,
    @Inject(ALERTING_MODULE_OPTIONS) options: AlertingModuleOptions,
    moduleRef: ModuleRef,
  ) {
    this.job = new IntervalJob(moduleRef, ANOMALY_STATE_JOB);
    this.file = config.enabled ? config.anomaly.state_file : undefined;
    this.version = serviceVersion(options.serviceVersion) ?? null;
    this.clock = options.clock ?? Date.now;
  }

  onModuleInit(): void {
    if (this.file !== undefined && this.baselines.tracksRules) this.restore(this.file);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.file === undefined || !this.baselines.tracksRules) return;
    await this.job.start(this.config.anomaly.save_interval, () => this.save());
  }

  onApplicationShutdown(): void {
    if (this.job.isStopped) return;
    this.job.stop();
    if (this.file !== undefined && this.baselines.tracksRules) this.save();
  }

  /** Writes the state file now (it is also written every `save_interval` and at shutdown). Never throws. */
  save(): void {
    if (this.file === undefined) return;
    try {
      writeStateFile(this.file, {
        format: STATE_FILE_FORMAT,
        serviceVersion: this.version,
        savedAt: this.clock(),
        rules: this.baselines.snapshot(),
      });
      if (this.writeFailing)
        this.logger.log({ file: this.file, msg: STATE_WRITE_RECOVERED, lost: 'nothing unless the app restarted meanwhile' });
      this.writeFailing = false;
    } catch (error) {
      if (!this.writeFailing) this.logger.warn({ file: this.file, error: (error as Error).message, msg: STATE_WRITE_FAILED });
      this.writeFailing = true;
    }
  }

  private restore(file: string): void {
    const read = readStateFile(file, this.baselines.maxSeries);
    if (read.kind === 'missing') return;
    if (read.kind === 'unusable') {
      this.logger.warn({ file, reason: read.reason, msg: STATE_FILE_UNUSABLE });
      return;
    }
    const { content } = read;
    if (content.serviceVersion !== this.version) {
      this.logger.log({ file, saved_version: content.serviceVersion, service_version: this.version, msg: STATE_VERSION_CHANGED });
      return;
    }
    try {
      const outcome = this.baselines.restore(content.rules, this.clock());
      this.logger.log({
        file,
        series: outcome.series,
        saved_at: new Date(content.savedAt).toISOString(),
        dropped_rules: outcome.dropped,
        msg: STATE_RESTORED,
      });
    } catch (error) {
      this.logger.warn({ file, reason: (error as Error).message, msg: STATE_FILE_UNUSABLE });
    }
  }
}
