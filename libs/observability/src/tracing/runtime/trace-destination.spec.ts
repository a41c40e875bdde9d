import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { type TracingConfig, resolveSection } from '../../config/index.js';
import { describeTracing, printableEndpoint, resolveTraceDestination, tracingDisabledByEnv } from './trace-destination.js';

const tracing = (section: object = {}): TracingConfig => resolveSection('tracing', section);

describe('resolveTraceDestination', () => {
  it('keeps spans in process only when nothing names a destination', () => {
    expect(resolveTraceDestination(tracing(), {})).toEqual({ exporter: 'memory' });
  });

  it('exports over OTLP/HTTP when only tracing.endpoint is set, adding the traces path', () => {
    expect(resolveTraceDestination(tracing({ endpoint: 'http://collector:4318' }), {})).toEqual({
      exporter: 'otlp-http',
      endpoint: 'http://collector:4318/v1/traces',
    });
  });

  it('exports over OTLP/HTTP when only OTEL_EXPORTER_OTLP_ENDPOINT is set, as the spec builds the URL', () => {
    expect(resolveTraceDestination(tracing(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp/' })).toEqual({
      exporter: 'otlp-http',
      endpoint: 'http://collector:4318/otlp/v1/traces',
    });
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, over the generic variable', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' };
    expect(resolveTraceDestination(tracing(), env)).toEqual({ exporter: 'otlp-http', endpoint: 'http://b:4318/traces' });
  });

  it('follows OTEL_EXPORTER_OTLP_PROTOCOL=grpc, and the traces-specific protocol over it', () => {
    expect(
      resolveTraceDestination(tracing(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toEqual({
      exporter: 'otlp-grpc',
      endpoint: 'http://c:4317',
    });
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    };
    expect(resolveTraceDestination(tracing(), env).exporter).toBe('otlp-http');
  });

  it('honours OTEL_TRACES_EXPORTER: none and console even with an endpoint known, otlp with OTLP defaults', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(resolveTraceDestination(tracing(), { ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ exporter: 'none' });
    expect(resolveTraceDestination(tracing(), { OTEL_TRACES_EXPORTER: 'console' })).toEqual({ exporter: 'console' });
    expect(resolveTraceDestination(tracing(), { OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({
      exporter: 'otlp-http',
      endpoint: 'http://localhost:4318/v1/traces',
    });
  });

  it('lets an exporter named in the configuration win over the environment', () => {
    expect(resolveTraceDestination(tracing({ exporter: 'memory' }), { OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ exporter: 'memory' });
  });

  it('fails with the reason on values it cannot honour', () => {
    expect(() => resolveTraceDestination(tracing(), { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      'OTEL_TRACES_EXPORTER=zipkin is not supported by nestjs-observability: expected "otlp", "console" or "none". Tracing cannot start as asked.',
    );
    expect(() => resolveTraceDestination(tracing({ endpoint: 'http://c:4318' }), { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL=http/json is not supported by nestjs-observability: expected "http/protobuf" or "grpc".',
    );
  });

  it('reads OTEL_SDK_DISABLED as OpenTelemetry does (case-insensitive "true")', () => {
    expect(tracingDisabledByEnv({ OTEL_SDK_DISABLED: 'TRUE' })).toBe(true);
    expect(tracingDisabledByEnv({ OTEL_SDK_DISABLED: 'false' })).toBe(false);
    expect(tracingDisabledByEnv({})).toBe(false);
  });
});

describe('the startup line', () => {
  it('says where spans go and at what rate, with the endpoint stripped of credentials and query values', () => {
    const config = tracing({ sample_rate: 0.05, critical_routes: ['/api/pay'] });
    const destination = { exporter: 'otlp-http' as const, endpoint: 'https://user:s3cret@collector.example/v1/traces?api_key=k3y' };
    expect(describeTracing(config, destination)).toBe(
      'Tracing: spans exported over OTLP/HTTP to https://collector.example/v1/traces?api_key=REDACTED; sampling 5% of traces ' +
        '(lowered to aim at 10/s), at most 100/s, plus errors, requests slower than 1000ms and critical routes.',
    );
    expect(describeTracing(tracing({ sample_rate: 0, intelligent_sampling: false }), { exporter: 'memory' })).toBe(
      'Tracing: spans kept in process (exporter "memory", the last 2000); sampling no ratio sampling.',
    );
    expect(printableEndpoint('not a url')).toBe('(an endpoint that is not a URL)');
  });
});
