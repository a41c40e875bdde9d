import 'reflect-metadata';
import { Controller, Get, Injectable, Logger, Module, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { ObservabilityLogger, ObservabilityModule, RegisterHealthCheck, TracingService, type HealthCheck } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { LogCapture } from './helpers/log-capture.js';

const TOKEN = 'redaction-test-token-0123456789';

/** `ssn` is in no built-in list: only `logging.redact` makes it secret, in every exit. */
@Controller('r')
class RedactionController {
  private readonly logger = new Logger('RedactionController');

  @Get(':id')
  get(): { ok: true } {
    this.logger.log({ ssn: 'SSN-LOG-FIELD', note: 'ssn=SSN-LOG-TEXT', msg: 'customer looked up' });
    trace.getActiveSpan()?.setAttribute('customer.ssn', 'SSN-SPAN-ATTRIBUTE');
    trace.getActiveSpan()?.addEvent('lookup', { detail: 'ssn: SSN-SPAN-EVENT' });
    return { ok: true };
  }
}

@Injectable()
@RegisterHealthCheck()
class CustomerCheck implements HealthCheck {
  readonly name = 'customers';
  check() {
    return { status: 'up' as const, ssn: 'SSN-HEALTH-FIELD', note: 'ssn=SSN-HEALTH-TEXT' };
  }
}

@Module({ controllers: [RedactionController], providers: [CustomerCheck] })
class RedactionModule {}

describe.each(['express', 'fastify'] as const)('logging.redact extends the one policy at every exit (%s)', (platform) => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('keeps a configured key out of log lines, span attributes and events, and health details', async () => {
    const logs = new LogCapture();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot(
          {
            logging: { redact: ['ssn'] },
            tracing: { exporter: 'memory', sample_rate: 1 },
            health: {
              checks: { memory: { enabled: false }, disk: { enabled: false }, event_loop: { enabled: false }, llm: { enabled: false } },
            },
            management: { token: TOKEN },
          },
          { logDestination: logs },
        ),
        RedactionModule,
      ],
    }).compile();
    app =
      platform === 'fastify'
        ? moduleRef.createNestApplication(new FastifyAdapter(), { bufferLogs: true })
        : moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(ObservabilityLogger));
    await app.init();
    if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<void> }).ready();
    const http = request(app.getHttpServer());

    await http.get('/r/1?ssn=SSN-QUERY').expect(200);
    const health = await http.get('/health?fresh=1').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
    const tracing = app.get(TracingService);
    await tracing.flush(10_000);
    const spans = tracing.recentSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events }));

    // What was written, so that finding nothing below means something.
    expect(logs.withMsg('customer looked up')[0]).toMatchObject({ ssn: '[REDACTED]', note: 'ssn=[REDACTED]' });
    expect(logs.requestLines()[0]).toMatchObject({ req: { url: '/r/1?ssn=[REDACTED]' } });
    expect(spans.find((s) => s.name === 'GET /r/:id')?.attributes['customer.ssn']).toBe('[REDACTED]');
    expect(health.body.details.customers).toEqual({ status: 'up', ssn: '[REDACTED]', note: 'ssn=[REDACTED]' });

    const everything = JSON.stringify({ logs: logs.chunks, spans, health: health.body });
    expect(everything.match(/SSN-[A-Z-]+/g) ?? []).toEqual([]);
  });
});
