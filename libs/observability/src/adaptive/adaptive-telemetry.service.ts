import type { Server } from 'node:http';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { IntervalJob } from '../common/index.js';
import type { AdaptiveConfig } from '../config/index.js';
import { LoggingService } from '../logging/index.js';
import { MetricsService } from '../metrics/index.js';
import { TracingService } from '../tracing/index.js';
import { AdaptiveMetrics } from './adaptive-metrics.js';
import { ADAPTIVE_CONFIG, ADAPTIVE_LOGGER_CONTEXT, ADAPTIVE_MODULE_OPTIONS, ADAPTIVE_TELEMETRY_JOB } from './adaptive.constants.js';
import { levelChangeLine, TICK_FAILED } from './adaptive.messages.js';
import type { AdaptiveTelemetryModuleOptions } from './adaptive.module-definition.js';
import { GovernorPolicy } from './governor/governor-policy.js';
import { LoadMeter } from './governor/load-meter.js';
import { RequestProbe } from './governor/request-probe.js';
import { TelemetryGovernor, type GovernorStatus } from './governor/telemetry-governor.js';
import { TelemetryLevels } from './governor/telemetry-levels.js';
import { LoadHistory } from './scaling/load-history.js';

/**
 * The app's load governor: every `adaptive.interval` it reads event-loop utilisation, request rate and the
 * suite's own measured per-request work, steps telemetry down when a budget is exceeded (trace sampling ×
 * `step_factor` per step, debug logs off) and back up when the load has fallen, writing one log line per change;
 * and it keeps the downsampled load history the scaling advice is computed from. One per app: nothing process-wide.
 */
@Injectable()
export class AdaptiveTelemetryService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly history: LoadHistory;
  private readonly logger = new Logger(ADAPTIVE_LOGGER_CONTEXT);
  private readonly job: IntervalJob;
  private readonly governor: TelemetryGovernor;
  private probe?: RequestProbe;
  private meter?: LoadMeter;
  private metrics?: AdaptiveMetrics;
  private failing = false;

  constructor(
    @Inject(ADAPTIVE_CONFIG) readonly config: AdaptiveConfig,
    @Inject(ADAPTIVE_MODULE_OPTIONS) options: AdaptiveTelemetryModuleOptions,
    moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
    @Optional() private readonly tracing?: TracingService,
    @Optional() logging?: LoggingService,
    @Optional() metricsService?: MetricsService,
  ) {
    this.job = new IntervalJob(moduleRef, ADAPTIVE_TELEMETRY_JOB);
    const { scaling } = config;
    this.history = new LoadHistory(scaling.resolution, Math.ceil(scaling.window / scaling.resolution));
    this.governor = new TelemetryGovernor({
      policy: new GovernorPolicy({
        maxEventLoopUtilization: config.max_event_loop_utilization,
        maxRequestsPerSecond: config.max_requests_per_second,
        maxOverheadShare: config.max_overhead_share,
        recoveryRatio: config.recovery_ratio,
        stepDownAfter: config.step_down_after,
        stepUpAfter: config.step_up_after,
        maxLevel: config.max_level,
      }),
      levels: new TelemetryLevels(config.step_factor, tracing?.enabled ? tracing : undefined, logging),
      history: this.history,
      read: () => this.meter!.read(),
      clock: options.clock ?? Date.now,
      onChange: (change, applied, readings) => {
        this.metrics?.record(change);
        const line = levelChangeLine(change, applied, readings, config.recovery_ratio);
        if (change.direction === 'down') this.logger.warn(line);
        else this.logger.log(line);
      },
    });
    if (config.enabled && metricsService?.config.enabled) {
      this.metrics = new AdaptiveMetrics(
        metricsService,
        () => this.governor.status(),
        () => this.sampleRate,
      );
    }
  }

  /** The level, what it means, and the last readings. */
  status(): GovernorStatus {
    return this.governor.status();
  }

  /** The head sampler's ratio now (0 without tracing). */
  get sampleRate(): number {
    return this.tracing?.enabled ? this.tracing.sampleRate : 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) return;
    // After every pillar wrapped the server's request listeners (they do it while Nest registers middleware), so the
    // probe is the outermost wrapper and brackets all of the suite's end-of-request work.
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.listeners === 'function') {
      const probe = new RequestProbe(this.config.overhead_sample_every);
      if (probe.attach(server)) this.probe = probe;
    }
    this.meter = new LoadMeter(this.probe);
    await this.job.start(this.config.interval, () => this.tick());
  }

  onModuleDestroy(): void {
    this.job.stop();
    this.probe?.stop();
    this.governor.release();
  }

  private tick(): void {
    try {
      this.governor.tick();
      this.failing = false;
    } catch (error) {
      // One line per run of failures, not one per interval.
      if (!this.failing) this.logger.warn({ err: error, msg: TICK_FAILED });
      this.failing = true;
    }
  }
}
