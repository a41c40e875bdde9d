import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Body, Controller, Get, Module, Param, Post, Req, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ObservabilityLogger, ObservabilityModule } from 'nestjs-observability';
import { afterEach, describe, expect, it } from 'vitest';
import { LogCapture } from './helpers/log-capture.js';
import { eventually } from './helpers/eventually.js';
import { sampleLines, scrape } from './helpers/metrics-app.js';

type Platform = 'express' | 'fastify';

/** A handler that answers only once the client has gone: the request ends aborted, whatever the machine's speed. */
@Controller()
class OutcomesController {
  entered?: () => void;

  @Get('wait/:id')
  async wait(@Req() req: { raw?: NodeJS.EventEmitter } & NodeJS.EventEmitter): Promise<{ ok: true }> {
    const raw = req.raw ?? req;
    await new Promise<void>((resolve) => {
      raw.once('close', () => resolve());
      this.entered?.();
    });
    return { ok: true };
  }

  @Post('items/:id')
  update(@Param('id') id: string, @Body() body: unknown): { id: string; body: unknown } {
    return { id, body };
  }
}

@Module({ controllers: [OutcomesController] })
class OutcomesModule {}

async function boot(platform: Platform): Promise<{ app: INestApplication; logs: LogCapture; port: number }> {
  const logs = new LogCapture();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ObservabilityModule.forRoot(
        { metrics: { namespace: 'out', default_metrics: false }, tracing: { enabled: false }, health: { enabled: false } },
        { logDestination: logs },
      ),
      OutcomesModule,
    ],
  }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { bufferLogs: true })
      : moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(ObservabilityLogger));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, logs, port };
}

/** Sends `raw` bytes on a fresh connection and resolves with what the server answered before closing. */
function rawExchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => socket.end(raw));
    socket.setTimeout(10_000, () => reject(new Error(`no answer; got ${JSON.stringify(answer)}`)));
  });
}

describe.each<Platform>(['express', 'fastify'])('what a request ended with, told the same everywhere (%s)', (platform) => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('an aborted request is 499 in its log line and in the metrics, with aborted: true', async () => {
    const booted = await boot(platform);
    app = booted.app;
    const controller = app.get(OutcomesController);
    const entered = new Promise<void>((resolve) => (controller.entered = resolve));
    const client = httpRequest({ host: '127.0.0.1', port: booted.port, path: '/wait/7' });
    client.on('error', () => undefined);
    client.end();
    await entered;
    client.destroy();
    await booted.logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'), 10_000);
    const line = booted.logs.requestLines()[0]!;
    expect(line).toMatchObject({ level: 'warn', aborted: true, req: { method: 'GET', route: '/wait/:id' }, res: { status_code: 499 } });
    await eventually(async () => {
      expect(sampleLines(await scrape(app!))).toContain('out_requests_total{method="GET",endpoint="/wait/:id",status_code="499"} 1');
    });
  });

  it('a malformed JSON body on a known route is labelled with that route, not __unmatched__', async () => {
    const booted = await boot(platform);
    app = booted.app;
    const answer = await rawExchange(
      booted.port,
      'POST /items/42 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{"broken:',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await booted.logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'), 10_000);
    expect(booted.logs.requestLines()[0]).toMatchObject({ req: { method: 'POST', route: '/items/:id' }, res: { status_code: 400 } });
    await eventually(async () => {
      expect(sampleLines(await scrape(app!))).toContain('out_requests_total{method="POST",endpoint="/items/:id",status_code="400"} 1');
    });
  });

  it('requests the HTTP parser refuses (431, 400) are answered, counted and logged once', async () => {
    const booted = await boot(platform);
    app = booted.app;
    const huge = await rawExchange(booted.port, `GET /wait/1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    const garbage = await rawExchange(booted.port, 'NOT A REQUEST\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    await eventually(async () => {
      const lines = sampleLines(await scrape(app!)).filter((l) => l.startsWith('out_http_rejected_requests_total'));
      expect(lines).toEqual([
        'out_http_rejected_requests_total{status_code="431",reason="header_overflow"} 1',
        'out_http_rejected_requests_total{status_code="400",reason="bad_request"} 1',
      ]);
    });
    // The first refusal is logged at once; the second falls in the same minute and waits for the next line.
    const notices = booted.logs.withMsg('requests refused by the HTTP parser before any handler');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warn', refused: { '431 header_overflow': 1 }, total: 1, next_line_after_s: 60 });
  });
});
