import type { INestApplication } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { OBSERVABILITY_CONFIG, type ObservabilityOptions, validateObservabilityConfig } from './config/index.js';
import { observabilitySummary } from './observability-summary.js';

/** Just what the summary reads of an app: its configuration and the port its server listens on. */
function listeningApp(options: ObservabilityOptions, port = 3000): INestApplication {
  const config = validateObservabilityConfig(options);
  return {
    get: (token: unknown) => {
      if (token !== OBSERVABILITY_CONFIG) throw new Error('unexpected token');
      return config;
    },
    getHttpServer: () => ({ address: () => ({ address: '::', family: 'IPv6', port }) }),
  } as unknown as INestApplication;
}

describe('observabilitySummary', () => {
  it('with the defaults: everything on the app port, traces in process, logs on stdout', () => {
    expect(observabilitySummary(listeningApp({}), {})).toEqual({
      metrics: 'http://localhost:3000/metrics',
      health: 'http://localhost:3000/health (/health/live, /health/ready)',
      management: 'http://localhost:3000 (/alerts, /alerts/silences, /scaling; management.token)',
      traces: 'kept in process (memory exporter: TracingService.recentSpans())',
      logs: 'stdout',
      msg:
        'observability: metrics http://localhost:3000/metrics; health http://localhost:3000/health (/health/live, /health/ready); ' +
        'management http://localhost:3000 (/alerts, /alerts/silences, /scaling; management.token); traces kept in process (memory exporter: TracingService.recentSpans()); logs stdout',
    });
  });

  it('names separate ports, the OTLP endpoint and Loki, without the credentials in their URLs', () => {
    const summary = observabilitySummary(
      listeningApp({
        metrics: { port: 9090, host: '0.0.0.0', path: '/prom' },
        health: { port: 8081, host: '127.0.0.1', path: '/status' },
        management: { port: 9465, host: '127.0.0.1' },
        profiling: { enabled: true, endpoints: true },
        alerts: { path: '/ops/alerts' },
        tracing: { exporter: 'otlp-http', endpoint: 'http://collector:4318' },
        logging: { output: 'stderr', loki: { enabled: true, endpoint: 'https://user:s3cret@logs.example.com/loki/api/v1/push' } },
      }),
      {},
    );
    expect(summary).toMatchObject({
      metrics: 'http://0.0.0.0:9090/prom',
      health: 'http://127.0.0.1:8081/status (/status/live, /status/ready)',
      management: 'http://127.0.0.1:9465 (/ops/alerts, /ops/alerts/silences, /debug/pprof/*, /scaling; management.token)',
      traces: 'OTLP/HTTP to http://collector:4318/v1/traces',
      logs: 'stderr and Loki https://[REDACTED]@logs.example.com/loki/api/v1/push',
    });
    expect(summary.msg).not.toContain('s3cret');
  });

  it('takes an unset OTLP endpoint from the OTEL_* variables, as the exporter does', () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://otel:4318/');
    const http = listeningApp({ tracing: { exporter: 'otlp-http' } });
    const grpc = listeningApp({ tracing: { exporter: 'otlp-grpc' } });
    vi.unstubAllEnvs();
    expect(observabilitySummary(http, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318/' }).traces).toBe(
      'OTLP/HTTP to http://otel:4318/v1/traces',
    );
    expect(observabilitySummary(http, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://otel:4318/traces' }).traces).toBe(
      'OTLP/HTTP to http://otel:4318/traces',
    );
    expect(observabilitySummary(grpc, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4317' }).traces).toBe('OTLP/gRPC to http://otel:4317');
  });

  it('says what is off', () => {
    const summary = observabilitySummary(
      listeningApp({
        metrics: { enabled: false },
        health: { enabled: false },
        alerts: { enabled: false },
        adaptive: { scaling: { enabled: false } },
        tracing: { enabled: false },
      }),
      {},
    );
    expect(summary.msg).toBe('observability: metrics off; health off; management off; traces off; logs stdout');
  });
});
