import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { MetricsService } from '../../metrics/index.js';
import { LoggingService, PINO_LOGGER } from '../logging.service.js';
import { DROP_REASONS } from './loki-protocol.js';
import type { LokiReport, LokiTransport } from './loki-transport.js';
import { LOKI_METRICS, LOKI_TRANSPORT } from './loki.constants.js';
import { LOKI_FAILING, LOKI_RECOVERED, LOKI_STOPPED, LOKI_STOPPED_WITH_DROPS, LOKI_WORKER_FAILED } from './loki.messages.js';

/**
 * Lifecycle of Loki shipping: its counters in the app's metrics (when MetricsModule is there), and at shutdown a
 * bounded drain followed by one line that states the accounting (`produced = sent + dropped + buffered`).
 */
@Injectable()
export class LokiService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  /** The first shutdown hook: the shutdown timeout counts from here, not from this service's turn. */
  private shutdownStartedAt: number | undefined;

  constructor(
    @Inject(LOKI_TRANSPORT) private readonly transport: LokiTransport | null,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly logging: LoggingService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** The current accounting, or `undefined` when shipping is off. */
  report(): LokiReport | undefined {
    return this.transport?.report();
  }

  onModuleInit(): void {
    const transport = this.transport;
    if (!transport) return;
    transport.onProblem((problem) => this.logger.error(LOKI_WORKER_FAILED(problem)));
    transport.onNotice((notice) => {
      if (notice.kind === 'failing') {
        this.logger.warn(
          { loki: { error: notice.error, buffer_max_entries: notice.maxEntries, buffer_max_bytes: notice.maxBytes } },
          LOKI_FAILING(notice),
        );
        return;
      }
      const droppedTotal = DROP_REASONS.reduce((sum, r) => sum + notice.dropped[r], 0);
      const fields = {
        loki: { outage_ms: notice.outageMs, failed_requests: notice.failedRequests, dropped: notice.dropped, dropped_total: droppedTotal },
      };
      if (droppedTotal > 0) this.logger.warn(fields, LOKI_RECOVERED(notice));
      else this.logger.info(fields, LOKI_RECOVERED(notice));
    });
    if (this.metrics) this.registerMetrics(this.metrics, transport);
  }

  onModuleDestroy(): void {
    this.shutdownStartedAt ??= Date.now();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.transport) return;
    const report = await this.transport.close(this.shutdownStartedAt);
    const droppedTotal = DROP_REASONS.reduce((sum, r) => sum + report.dropped[r], 0);
    const fields = { loki: { ...report, dropped_total: droppedTotal } };
    if (droppedTotal > 0) this.logger.warn(fields, LOKI_STOPPED_WITH_DROPS(report));
    else this.logger.info(fields, LOKI_STOPPED);
    await this.logging.flush();
  }

  private registerMetrics(metrics: MetricsService, transport: LokiTransport): void {
    // Counters follow the worker's cumulative figures: each scrape adds what grew since the previous one.
    const seen = new Map<string, number>();
    const advance = (key: string, total: number, inc: (by: number) => void) => {
      const by = total - (seen.get(key) ?? 0);
      if (by > 0 || !seen.has(key)) {
        inc(by);
        seen.set(key, total);
      }
    };
    metrics.counter({
      name: LOKI_METRICS.produced,
      help: 'Log lines handed to the Loki shipper.',
      collect() {
        advance('produced', transport.report().produced, (by) => this.inc(by));
      },
    });
    metrics.counter({
      name: LOKI_METRICS.sent,
      help: 'Log entries Loki accepted.',
      collect() {
        advance('sent', transport.report().sent, (by) => this.inc(by));
      },
    });
    metrics.counter({
      name: LOKI_METRICS.retried,
      help: 'Log entries sent again after a failed push (once per entry per retry).',
      collect() {
        advance('retried', transport.report().retried, (by) => this.inc(by));
      },
    });
    metrics.counter({
      name: LOKI_METRICS.dropped,
      help: 'Log entries given up on, by reason: buffer_full (oldest dropped), rejected (4xx), shutdown (deadline), worker_exit.',
      labelNames: ['reason'],
      collect() {
        const { dropped } = transport.report();
        for (const reason of DROP_REASONS) advance(`dropped:${reason}`, dropped[reason], (by) => this.inc({ reason }, by));
      },
    });
    metrics.gauge({
      name: LOKI_METRICS.bufferEntries,
      help: 'Log entries not yet sent nor dropped (waiting, in flight, or awaiting a retry).',
      collect() {
        this.set(transport.report().buffered);
      },
    });
    metrics.gauge({
      name: LOKI_METRICS.bufferBytes,
      help: 'Bytes held by the Loki buffer (compressed for built batches, raw for lines not yet batched).',
      collect() {
        this.set(transport.report().bufferedBytes);
      },
    });
  }
}
