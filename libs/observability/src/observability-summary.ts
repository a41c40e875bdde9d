import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { sanitizeText } from './common/index.js';
import { OBSERVABILITY_CONFIG, type ObservabilityConfig, type TracingConfig } from './config/index.js';
import { resolveTraceDestination, tracingDisabledByEnv } from './tracing/index.js';

/** What the suite serves and where its telemetry goes, for one line in the app's startup log. */
export interface ObservabilitySummary {
  /** The exposition URL, or `off`. */
  readonly metrics: string;
  /** The full report, liveness and readiness URLs, or `off`. */
  readonly health: string;
  /** Where the token-protected management endpoints (alerts, silences, pprof, scaling) are, or `off`. */
  readonly management: string;
  readonly traces: string;
  readonly logs: string;
  /** The four above in one sentence. */
  readonly msg: string;
}

/**
 * Describes an app composed with `ObservabilityModule`, once it listens (Nest route listings do not show the
 * suite's endpoints, and a separate `metrics.port`, `health.port` or `management.port` is not the app's port).
 */
export function observabilitySummary(app: INestApplication, env: NodeJS.ProcessEnv = process.env): ObservabilitySummary {
  const config = app.get<ObservabilityConfig>(OBSERVABILITY_CONFIG, { strict: false });
  const address = (app.getHttpServer() as { address(): AddressInfo | string | null }).address();
  const appPort = address !== null && typeof address === 'object' ? address.port : undefined;
  const url = (port: number | undefined, host: string | undefined, path: string) =>
    `http://${host ?? 'localhost'}${port === undefined ? '' : `:${port}`}${path}`;

  const { metrics, health, logging, management, alerts, profiling, adaptive } = config;
  const metricsUrl = metrics.enabled ? url(metrics.port ?? appPort, metrics.port ? metrics.host : undefined, metrics.path) : 'off';
  const healthUrl = health.enabled
    ? `${url(health.port ?? appPort, health.port ? health.host : undefined, health.path)} (${health.path}/live, ${health.path}/ready)`
    : 'off';
  const managed = [
    ...(alerts.enabled ? [alerts.path, `${alerts.path.replace(/\/+$/, '')}/silences`] : []),
    ...(profiling.enabled && profiling.endpoints ? ['/debug/pprof/*'] : []),
    ...(adaptive.enabled && adaptive.scaling.enabled ? [adaptive.scaling.path] : []),
  ];
  const managementUrl =
    managed.length === 0
      ? 'off'
      : `${url(management.port ?? appPort, management.port ? management.host : undefined, '')} (${managed.join(', ')}; management.token)`;
  const loki = logging.loki.enabled && logging.loki.endpoint ? ` and Loki ${sanitizeText(logging.loki.endpoint)}` : '';
  const logs = `${logging.output}${loki}`;
  const traces = tracesDestination(config.tracing, env);
  return {
    metrics: metricsUrl,
    health: healthUrl,
    management: managementUrl,
    traces,
    logs,
    msg: `observability: metrics ${metricsUrl}; health ${healthUrl}; management ${managementUrl}; traces ${traces}; logs ${logs}`,
  };
}

function tracesDestination(tracing: TracingConfig, env: NodeJS.ProcessEnv): string {
  if (!tracing.enabled || tracingDisabledByEnv(env)) return 'off';
  const destination = resolveTraceDestination(tracing, env);
  switch (destination.exporter) {
    case 'memory':
      return 'kept in process (memory exporter: TracingService.recentSpans())';
    case 'console':
      return 'printed to stdout (console exporter)';
    case 'none':
      return 'sampled, not exported (exporter none)';
    case 'otlp-http':
    case 'otlp-grpc': {
      const protocol = destination.exporter === 'otlp-http' ? 'OTLP/HTTP' : 'OTLP/gRPC';
      return `${protocol} to ${destination.endpoint ? sanitizeText(destination.endpoint) : 'the OTEL_EXPORTER_OTLP_* endpoint'}`;
    }
  }
}
