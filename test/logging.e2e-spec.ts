import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { LoggingModule, LoggingService, ObservabilityModule } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { bootLoggingApp } from './helpers/logging-app.js';
import type { LogCapture } from './helpers/log-capture.js';

describe('LoggingModule end to end', () => {
  let app: INestApplication | undefined;
  let logs: LogCapture;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function boot(adapter: 'express' | 'fastify' = 'express', logging: object = {}): Promise<void> {
    ({ app, logs } = await bootLoggingApp((capture) => [ObservabilityModule.forRoot({ logging }, { logDestination: capture })], {
      fastify: adapter === 'fastify',
    }));
  }

  describe.each(['express', 'fastify'] as const)('on %s', (adapter) => {
    it('carries request_id and route into lines written by a service after an await', async () => {
      await boot(adapter);
      const res = await request(app!.getHttpServer()).get('/probe/context/42').set('X-Request-Id', `ctx-${adapter}`).expect(200);
      expect(res.headers['x-request-id']).toBe(`ctx-${adapter}`);
      await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
      expect(logs.withMsg('audited')).toEqual([
        expect.objectContaining({ level: 'info', context: 'AuditService', action: 'read', request_id: `ctx-${adapter}` }),
      ]);
      expect(logs.requestLines()).toEqual([
        expect.objectContaining({
          level: 'info',
          request_id: `ctx-${adapter}`,
          req: expect.objectContaining({ method: 'GET', url: '/probe/context/42', route: '/probe/context/:id' }),
          res: { status_code: 200 },
        }),
      ]);
    });

    it('labels unmatched paths with one value', async () => {
      await boot(adapter);
      await request(app!.getHttpServer()).get('/no/such/path').expect(404);
      await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
      expect(logs.requestLines()[0]).toMatchObject({
        level: 'warn',
        req: { route: '__unmatched__', url: '/no/such/path' },
        res: { status_code: 404 },
      });
    });
  });

  it('redacts secrets by key at any depth, case-insensitively, in errors, causes and URLs', async () => {
    await boot();
    await request(app!.getHttpServer()).post('/probe/secrets').expect(201);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
    const raw = logs.chunks.join('');
    for (const secret of [
      'pg-pass-1',
      'hunter2',
      'ak-123',
      'tk-456',
      'abc.def',
      'sid=1',
      'a=b',
      's3',
      'cs',
      't0k3n',
      'zzz',
      'sk-live-999',
      'xk',
      'pw-in-cause',
    ]) {
      expect(raw).not.toContain(secret);
    }
    const nested = logs.withMsg('nested secrets')[0]!;
    expect(nested['user']).toEqual({ name: 'ada', password: '[REDACTED]', profile: { apiKey: '[REDACTED]', Token: '[REDACTED]' } });
    expect(nested['headers']).toEqual({ Authorization: '[REDACTED]', cookie: '[REDACTED]', 'Set-Cookie': '[REDACTED]', accept: 'json' });
    expect(nested['list']).toEqual([{ secret: '[REDACTED]' }, { client_secret: '[REDACTED]' }]);
    expect(nested['url']).toBe('https://api.example.com/v1/chat?token=[REDACTED]&model=gpt&api_key=[REDACTED]');
    expect(nested['database']).toBe('postgres://[REDACTED]@db:5432/app');

    const providerError = logs.withMsg('provider call failed')[0]!;
    expect(providerError['err']).toMatchObject({
      type: 'Error',
      message: 'Request failed with status code 401',
      config: { url: '/v1/chat', headers: { Authorization: '[REDACTED]', 'X-Api-Key': '[REDACTED]' } },
      response: { status: 401, data: { error: 'invalid key' } },
    });
    expect(String((providerError['err'] as { stack: string }).stack)).toContain('Request failed with status code 401');

    const plain = logs.withMsg('plain failure')[0]!;
    expect(plain).toMatchObject({
      level: 'error',
      context: 'ProbeController',
      err: { message: 'plain failure', cause: { message: 'inner', password: '[REDACTED]' } },
    });
  });

  it('keeps an injected CR/LF and fake JSON inside one line and one field', async () => {
    await boot();
    const evil = 'hello\r\n{"level":60,"msg":"forged"}\n';
    await request(app!.getHttpServer()).get('/probe/inject').query({ m: evil }).expect(200);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
    const lines = logs.lines;
    expect(lines.filter((l) => l['msg'] === 'forged' || l['level'] === 60)).toEqual([]);
    expect(logs.withMsg(evil)).toEqual([expect.objectContaining({ level: 'warn' })]);
    expect(logs.withMsg('field injection')[0]?.['note']).toBe(evil);
    expect(logs.chunks.join('').split('\n').filter(Boolean)).toHaveLength(lines.length);
  });

  it('truncates an oversized header value in the request line', async () => {
    await boot();
    const huge = 'x'.repeat(12_000);
    await request(app!.getHttpServer()).get('/probe/echo-ua').set('User-Agent', huge).expect(200, { length: 12_000 });
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
    const ua = (logs.requestLines()[0]!['req'] as { user_agent: string }).user_agent;
    expect(ua).toBe(`${'x'.repeat(256)}...[truncated 11744 chars]`);
  });

  it('cuts over-long field values at max_value_length', async () => {
    await boot('express', { max_value_length: 100 });
    await request(app!.getHttpServer())
      .get('/probe/inject')
      .query({ m: 'y'.repeat(500) })
      .expect(200);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
    expect(logs.withMsg('field injection')[0]?.['note']).toBe(`${'y'.repeat(100)}...[truncated 400 chars]`);
  });

  it('adds user-configured redaction keys', async () => {
    await boot('express', { redact: ['note'] });
    await request(app!.getHttpServer()).get('/probe/inject').query({ m: 'private' }).expect(200);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'field injection'));
    expect(logs.withMsg('field injection')[0]?.['note']).toBe('[REDACTED]');
  });

  it('changes the level at runtime through LoggingService', async () => {
    await boot();
    const logging = app!.get(LoggingService);
    logging.debug('hidden at info');
    logging.setLevel('debug');
    logging.debug('shown at debug');
    logging.setLevel('error');
    await request(app!.getHttpServer()).get('/probe/context/1').expect(200);
    // A later request's error line (visible at error) says the first request's lines would be there by now.
    await request(app!.getHttpServer()).post('/probe/secrets').expect(201);
    await logs.waitFor(() => logs.withMsg('provider call failed').length === 1);
    expect(logs.withMsg('hidden at info')).toEqual([]);
    expect(logs.withMsg('shown at debug')).toEqual([expect.objectContaining({ level: 'debug' })]);
    expect(logs.withMsg('audited')).toEqual([]);
    expect(logs.requestLines()).toEqual([]);
    expect(() => logging.setLevel('loud' as never)).toThrow(
      'Unknown log level "loud"; expected one of trace, debug, info, warn, error, fatal, silent',
    );
  });

  it('writes one request line, not two, when logging is imported twice', async () => {
    ({ app, logs } = await bootLoggingApp((capture) => [
      ObservabilityModule.forRoot({}, { logDestination: capture }),
      LoggingModule.forRoot({ logging: { level: 'debug' }, destination: capture }),
    ]));
    await request(app.getHttpServer()).get('/probe/context/7').set('X-Request-Id', 'twice').expect(200);
    // A second line for the first request would come before the next request's line.
    await request(app.getHttpServer()).get('/probe/service-log').set('X-Request-Id', 'later').expect(200);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed' && l['request_id'] === 'later'));
    expect(logs.requestLines().filter((l) => l['request_id'] === 'twice')).toHaveLength(1);
    expect(logs.withMsg('audited')).toHaveLength(1);
  });

  it('keeps two apps in one process apart', async () => {
    const a = await bootLoggingApp((capture) => [ObservabilityModule.forRoot({}, { logDestination: capture })]);
    const b = await bootLoggingApp((capture) => [ObservabilityModule.forRoot({ logging: { level: 'warn' } }, { logDestination: capture })]);
    try {
      await Promise.all([
        request(a.app.getHttpServer()).get('/probe/service-log').set('X-Request-Id', 'app-a').expect(200),
        request(b.app.getHttpServer()).get('/no/such').set('X-Request-Id', 'app-b').expect(404),
      ]);
      await a.logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
      await b.logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed'));
      expect(a.logs.lines.filter((l) => l['request_id'] !== undefined).map((l) => [l['msg'], l['request_id']])).toEqual([
        ['per-app line', 'app-a'],
        ['request completed', 'app-a'],
      ]);
      expect(b.logs.lines.filter((l) => l['request_id'] !== undefined).map((l) => [l['msg'], l['request_id']])).toEqual([
        ['request completed', 'app-b'],
      ]);
    } finally {
      await a.app.close();
      await b.app.close();
    }
  });

  it('keeps serving when the log destination fails (a full disk), with one process warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      ({ app, logs } = await bootLoggingApp(() => [ObservabilityModule.forRoot({ logging: { output: '/dev/full' } })]));
      const server = app.getHttpServer();
      for (let i = 0; i < 300; i++) await request(server).get('/probe/service-log').expect(200);
      await app.get(LoggingService).flush();
      await request(server).get('/probe/context/1').expect(200);
      expect(warnings.filter((w) => (w as Error & { code?: string }).code === 'OBSERVABILITY_LOG_DESTINATION')).toHaveLength(1);
      expect(warnings[0]?.message).toContain('log destination /dev/full failed: ENOSPC');
      // Shutdown still completes (a synchronous flush of a failed file would retry forever: the test would time out).
      await app.close();
      app = undefined;
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('closes while lines are being logged concurrently: close resolves, nothing is dropped, every line is in the file in order', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'obs-close-')), 'app.log');
    ({ app, logs } = await bootLoggingApp(() => [ObservabilityModule.forRoot({ logging: { output: file } })]));
    const logging = app.get(LoggingService);
    let seq = 0;
    const log = (): void => logging.info({ seq: seq++, pad: 'p'.repeat(200) }, 'concurrent');
    for (let i = 0; i < 2000; i++) log();
    // More lines keep arriving, from other turns of the event loop, while the shutdown hooks run.
    const closing = app.close();
    app = undefined;
    for (let tick = 0; tick < 20; tick++) {
      for (let i = 0; i < 50; i++) log();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await closing;
    // Lines logged after the shutdown flush (other hooks may log) are still taken.
    await logging.flush();
    expect(logging.droppedLines).toBe(0);
    const seqs = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"msg":"concurrent"'))
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('writes human-readable text to a file with format: text, flushed at shutdown', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'obs-text-')), 'app.log');
    ({ app, logs } = await bootLoggingApp(() => [ObservabilityModule.forRoot({ logging: { format: 'text', output: file } })]));
    await request(app.getHttpServer()).get('/probe/context/5').set('X-Request-Id', 'txt').expect(200);
    // The request line is written when the response closes: by the next request's answer, it has been.
    await request(app.getHttpServer()).get('/probe/service-log').expect(200);
    await app.close();
    app = undefined;
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request completed \{.*"request_id":"txt".*"route":"\/probe\/context\/:id".*\}$/m,
    );
    const audited = text.split('\n').find((l) => l.includes('INFO: audited {'));
    expect(audited).toContain('"context":"AuditService"');
    expect(audited).toContain('"request_id":"txt"');
  });
});
