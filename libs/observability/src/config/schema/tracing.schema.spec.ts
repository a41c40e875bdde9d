import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../validate-config.js';

function messageOf(tracing: unknown): string {
  try {
    validateObservabilityConfig({ tracing });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('observability.tracing', () => {
  it('defaults to the cheap common case: 1%, tail buffer on, outbound and database instrumentations only', () => {
    const { tracing } = validateObservabilityConfig({});
    expect(tracing).toMatchObject({
      sample_rate: 0.01,
      intelligent_sampling: true,
      instrumentations: {},
      shutdown_timeout: 2000,
    });
    // No exporter named: OpenTelemetry's variables, then whether an endpoint is known, decide (trace-destination.ts).
    expect(tracing.exporter).toBeUndefined();
    expect(tracing.tail_buffer).toEqual({ max_traces: 1000, max_spans_per_trace: 256, max_spans: 10_000, max_age: 30_000 });
  });

  it('names an unknown instrumentation and lists the known ones', () => {
    const message = messageOf({ instrumentations: { express: true, nestjs: true } });
    expect(message).toContain(
      '- observability.tracing.instrumentations: got {"express":true,"nestjs":true}; expected a map of instrumentation names to true/false; known names: http, undici, pg, mysql2, mongodb, ioredis, redis, grpc, express, dns, net, and any instrumentation @opentelemetry/auto-instrumentations-node offers (installed: ',
    );
    expect(message).toMatch(/installed: [^)]*\bkafkajs\b/);
    expect(message).toMatch(/installed: [^)]*\bnestjs-core\b/);
  });

  it('accepts any instrumentation @opentelemetry/auto-instrumentations-node offers, by the name after instrumentation-', () => {
    const { tracing } = validateObservabilityConfig({ tracing: { instrumentations: { graphql: true, kafkajs: true, 'aws-sdk': false } } });
    expect(tracing.instrumentations).toEqual({ graphql: true, kafkajs: true, 'aws-sdk': false });
  });

  it('rejects a critical route that is not a route template', () => {
    expect(messageOf({ critical_routes: ['/api/ok/:id', '/api/(broken'] })).toContain(
      '- observability.tracing.critical_routes[1]: got "/api/(broken"; expected a route template such as "/api/orders/:id"',
    );
  });

  it('checks bounds between fields', () => {
    expect(messageOf({ batch: { max_queue_size: 100, max_export_batch_size: 500 } })).toContain(
      '- observability.tracing.batch.max_export_batch_size: got 500; expected at most batch.max_queue_size (100)',
    );
  });

  it('never prints header values (they carry collector credentials)', () => {
    const message = messageOf({ headers: { authorization: 42 } });
    expect(message).toContain('- observability.tracing.headers: got "[REDACTED]"; expected a map of string keys to string values');
    expect(message).not.toContain('42');
  });
});
