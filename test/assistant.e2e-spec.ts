import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SpanStatusCode } from '@opentelemetry/api';
import { TracingService } from 'nestjs-observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAssistant } from './helpers/assistant.js';
import type { LogCapture } from './helpers/log-capture.js';

describe('the Assistant demo app, observed', () => {
  let app: INestApplication;
  let logs: LogCapture;

  beforeAll(async () => {
    ({ app, logs } = await bootAssistant());
  });
  afterAll(async () => {
    await app.close();
  });

  it('echoes X-Request-Id and writes it, with the route template, on every line of the request', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/chat')
      .set('X-Request-Id', 'abc')
      .send({ message: 'hello there', conversation_id: 'conv-1' })
      .expect(200);
    expect(res.headers['x-request-id']).toBe('abc');
    expect(res.body.conversation_id).toBe('conv-1');
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'request completed' && l['request_id'] === 'abc'));

    const fromService = logs.withMsg('Chat request completed').find((l) => l['request_id'] === 'abc');
    expect(fromService).toMatchObject({ level: 'info', context: 'ChatService', request_id: 'abc', conversation_id: 'conv-1' });

    const line = logs.requestLines().find((l) => l['request_id'] === 'abc');
    expect(line).toMatchObject({
      level: 'info',
      request_id: 'abc',
      req: { method: 'POST', url: '/api/chat', route: '/api/chat' },
      res: { status_code: 200 },
      msg: 'request completed',
    });
    expect(typeof line?.['duration_ms']).toBe('number');
  });

  it('logs the route template, not the raw path, and generates a request id when none is sent', async () => {
    const res = await request(app.getHttpServer()).get('/api/memory/conv-1').expect(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await logs.waitFor((lines) => lines.some((l) => l['request_id'] === id && l['msg'] === 'request completed'));
    const line = logs.requestLines().find((l) => l['request_id'] === id);
    expect(line?.['req']).toMatchObject({ url: '/api/memory/conv-1', route: '/api/memory/:id' });
  });

  it('replaces an unsafe or oversized X-Request-Id instead of echoing it', async () => {
    for (const bad of ['a'.repeat(500), 'abc def', '<script>', '{"level":60}']) {
      const res = await request(app.getHttpServer()).get('/api/agents').set('X-Request-Id', bad).expect(200);
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers 502 when the provider fails (X-Simulate: error) and logs it at error level', async () => {
    await request(app.getHttpServer())
      .post('/api/chat')
      .set('X-Request-Id', 'sim-err')
      .set('X-Simulate', 'error')
      .send({ message: 'hi' })
      .expect(502);
    await logs.waitFor((lines) => lines.some((l) => l['request_id'] === 'sim-err' && l['msg'] === 'request completed'));
    expect(logs.requestLines().find((l) => l['request_id'] === 'sim-err')).toMatchObject({ level: 'error', res: { status_code: 502 } });
    expect(logs.withMsg('provider call failed').find((l) => l['request_id'] === 'sim-err')).toMatchObject({
      level: 'warn',
      simulated: true,
    });
  });

  it('collapses unmatched routes into one value', async () => {
    await request(app.getHttpServer()).get('/wp-admin/setup.php').set('X-Request-Id', 'scan-1').expect(404);
    await logs.waitFor((lines) => lines.some((l) => l['request_id'] === 'scan-1'));
    expect(logs.requestLines().find((l) => l['request_id'] === 'scan-1')?.['req']).toMatchObject({
      route: '__unmatched__',
      url: '/wp-admin/setup.php',
    });
  });

  it('traces the provider call (@Traced) as a child of the request span, and counts operations (@Metered)', async () => {
    const server = app.getHttpServer();
    await request(server).post('/api/chat').set('X-Request-Id', 'traced-ok').send({ message: 'hi', model: 'gpt-sim-large' }).expect(200);
    await request(server).post('/api/chat').set('X-Simulate', 'error').send({ message: 'hi' }).expect(502);
    await request(server).post('/api/agents').send({ name: 'triage', instructions: 'sort tickets' }).expect(201);

    const tracing = app.get(TracingService);
    await tracing.flush();
    const spans = tracing.recentSpans();
    const llm = spans.filter((s) => s.name === 'llm.complete');
    const failed = llm.find((s) => s.status.code === SpanStatusCode.ERROR);
    const ok = llm.find((s) => s.attributes['gen_ai.request.model'] === 'gpt-sim-large');
    expect(ok?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['gen_ai.request.model']).toBe('gpt-sim-mini');
    expect(failed?.events.map((e) => e.name)).toContain('exception');
    const root = spans.find((s) => s.spanContext().spanId === failed?.parentSpanContext?.spanId);
    expect(root).toMatchObject({ name: 'POST /api/chat', attributes: expect.objectContaining({ 'http.response.status_code': 502 }) });

    const metrics = (await request(server).get('/metrics').expect(200)).text.split('\n');
    expect(metrics).toContain('assistant_operation_calls_total{operation="create_agent"} 1');
    // Two failed chats in this file: the one above and the earlier X-Simulate: error test.
    expect(metrics.filter((l) => l.startsWith('assistant_operation_errors_total{operation="chat"'))).toEqual([
      'assistant_operation_errors_total{operation="chat",error_type="provider"} 2',
    ]);
  });
});
