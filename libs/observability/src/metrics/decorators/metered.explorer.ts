import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { installAspect, uninstallAspect, type CallHooks } from '../../common/index.js';
import type { GuardedCounter, GuardedHistogram } from '../cardinality/guarded-metrics.js';
import { ERROR_CLASSIFIER, METERED_ASPECT } from '../metrics.constants.js';
import { MetricsService } from '../metrics.service.js';
import type { MeteredMetadata } from './metered.decorator.js';

/** Metric names (without the namespace) of `@Metered`; the examples generator reads them from here. */
export const METERED_METRICS = {
  calls: 'operation_calls_total',
  errors: 'operation_errors_total',
  duration: 'operation_duration_seconds',
} as const;

/** Installs the `@Metered` hooks on every provider and controller instance of the app, from this module's metrics. */
@Injectable()
export class MeteredExplorer implements OnModuleInit, OnApplicationShutdown {
  private instrumented = new Set<object>();
  private calls?: GuardedCounter<'operation'>;
  private errors?: GuardedCounter<'operation' | 'error_type'>;
  private duration?: GuardedHistogram<'operation'>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
    @Inject(ERROR_CLASSIFIER) private readonly classify: (error: unknown) => string,
  ) {}

  onModuleInit(): void {
    this.instrumented = installAspect<MeteredMetadata, bigint>(this.discovery, METERED_ASPECT, (meta) => this.hooksFor(meta));
  }

  onApplicationShutdown(): void {
    uninstallAspect(this.instrumented, METERED_ASPECT);
  }

  private hooksFor(meta: MeteredMetadata): CallHooks<bigint> {
    this.calls ??= this.metrics.counter({ name: METERED_METRICS.calls, help: 'Calls of @Metered operations.', labelNames: ['operation'] });
    this.errors ??= this.metrics.counter({
      name: METERED_METRICS.errors,
      help: 'Failed calls of @Metered operations, by error type.',
      labelNames: ['operation', 'error_type'],
    });
    this.duration ??= this.metrics.histogram({
      name: METERED_METRICS.duration,
      help: 'Duration of @Metered operations in seconds.',
      labelNames: ['operation'],
      buckets: this.metrics.config.buckets,
    });
    const operation = meta.operation;
    const calls = this.calls.bind({ operation });
    const duration = meta.duration === false ? undefined : this.duration.bind({ operation });
    const errors = this.errors;
    const ignored = meta.ignoreErrors ?? [];
    return {
      start: () => process.hrtime.bigint(),
      settle: (started, error, failed) => {
        calls.inc();
        duration?.observe(Number(process.hrtime.bigint() - started) / 1e9);
        if (failed && !ignored.some((cls) => error instanceof cls)) errors.inc({ operation, error_type: this.classify(error) });
      },
    };
  }
}
