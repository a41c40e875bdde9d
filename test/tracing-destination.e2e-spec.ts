import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LoggingModule, ObservabilityLogger, TracingModule, TracingService, type TracingModuleOptions } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogCapture } from './helpers/log-capture.js';
import { OrderController, OrderService } from './helpers/tracing-app.js';
import { OtlpGrpcReceiver, OtlpHttpReceiver } from './helpers/tracing-otlp-receivers.js';

/** An app that names no exporter: where its spans go is decided by the endpoint and OpenTelemetry's variables. */
async function boot(tracing: TracingModuleOptions['tracing']): Promise<{ app: INestApplication; logs: LogCapture }> {
  const logs = new LogCapture();
  const moduleRef = await Test.createTestingModule({
    imports: [
      LoggingModule.forRoot({ logging: { level: 'info' }, destination: logs }),
      TracingModule.forRoot({ tracing: { sample_rate: 1, batch: { scheduled_delay: 5 }, ...tracing } }),
    ],
    controllers: [OrderController],
    providers: [OrderService],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(ObservabilityLogger));
  await app.init();
  return { app, logs };
}

const startupLine = (logs: LogCapture) => logs.lines.filter((l) => String(l['msg']).startsWith('Tracing:')).map((l) => l['msg']);

describe('where spans go when no exporter is named', () => {
  const receivers: { stop(): Promise<void> }[] = [];
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const r of receivers.splice(0)) await r.stop();
    vi.unstubAllEnvs();
  });

  it('tracing.endpoint alone: spans are exported over OTLP/HTTP, and the startup line says so', async () => {
    const receiver = await new OtlpHttpReceiver().start();
    receivers.push(receiver);
    const booted = await boot({ endpoint: receiver.url });
    app = booted.app;
    await request(app.getHttpServer()).get('/api/orders/e1').expect(200);
    const spans = await receiver.waitForSpans((s) => s.some((x) => x.name === 'GET /api/orders/:id'));
    expect(spans.find((s) => s.name === 'GET /api/orders/:id')?.attributes['http.route']).toBe('/api/orders/:id');
    expect(startupLine(booted.logs)).toEqual([
      `Tracing: spans exported over OTLP/HTTP to ${receiver.url}/v1/traces; sampling 100% of traces (lowered to aim at 10/s), ` +
        'at most 100/s, plus errors, requests slower than 1000ms.',
    ]);
  });

  it('OTEL_EXPORTER_OTLP_ENDPOINT alone: spans are exported over OTLP/HTTP', async () => {
    const receiver = await new OtlpHttpReceiver().start();
    receivers.push(receiver);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.url);
    app = (await boot({})).app;
    await request(app.getHttpServer()).get('/api/orders/e2').expect(200);
    await receiver.waitForSpans((s) => s.some((x) => x.name === 'GET /api/orders/:id'));
  });

  it('OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the same endpoint variable, over OTLP/gRPC', async () => {
    const receiver = await new OtlpGrpcReceiver().start();
    receivers.push(receiver);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.url);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc');
    app = (await boot({})).app;
    await request(app.getHttpServer()).get('/api/orders/e3').expect(200);
    await receiver.waitForSpans((s) => s.some((x) => x.name === 'GET /api/orders/:id'));
  });

  it('OTEL_TRACES_EXPORTER=none: nothing is exported although an endpoint is set, nor kept in process', async () => {
    const receiver = await new OtlpHttpReceiver().start();
    receivers.push(receiver);
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'none');
    const booted = await boot({ endpoint: receiver.url });
    app = booted.app;
    await request(app.getHttpServer()).get('/api/orders/e4').expect(200);
    const tracing = app.get(TracingService);
    await tracing.flush(2_000);
    expect(receiver.spans).toEqual([]);
    expect(tracing.recentSpans()).toEqual([]);
    expect(tracing.enabled).toBe(true);
    expect(startupLine(booted.logs)[0]).toMatch(/^Tracing: spans not exported \(exporter "none"\); /);
  });

  it('OTEL_SDK_DISABLED=true: tracing is off', async () => {
    const receiver = await new OtlpHttpReceiver().start();
    receivers.push(receiver);
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    const booted = await boot({ endpoint: receiver.url });
    app = booted.app;
    await request(app.getHttpServer()).get('/api/orders/e5').expect(200);
    const tracing = app.get(TracingService);
    await tracing.flush(2_000);
    expect(tracing.enabled).toBe(false);
    expect(receiver.spans).toEqual([]);
    expect(startupLine(booted.logs)).toEqual(['Tracing: off.']);
  });

  it('an OTEL_TRACES_EXPORTER it cannot honour fails startup with the reason', async () => {
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'zipkin');
    await expect(boot({})).rejects.toThrow('OTEL_TRACES_EXPORTER=zipkin is not supported by nestjs-observability');
  });
});
