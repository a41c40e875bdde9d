import type { INestApplication } from '@nestjs/common';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { TracingService } from 'nestjs-observability';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAssistant } from './helpers/assistant.js';

const root = (spans: ReadableSpan[], requestId: string) => spans.find((s) => s.attributes['request_id'] === requestId);

describe("the demo's default sampling", () => {
  let app: INestApplication;

  // The ratio share is switched off so that no trace is kept by chance: what is left is the demo's own rules.
  beforeAll(async () => {
    ({ app } = await bootAssistant({ TRACING_SAMPLE_RATE: '0' }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps a failed chat as sampling.reason=error, agent changes as critical, and drops a healthy chat', async () => {
    const server = app.getHttpServer();
    await request(server).post('/api/chat').set('X-Request-Id', 'chat-ok').send({ message: 'hi' }).expect(200);
    await request(server)
      .post('/api/chat')
      .set('X-Request-Id', 'chat-error')
      .set('X-Simulate', 'error')
      .send({ message: 'hi' })
      .expect(502);
    await request(server)
      .post('/api/agents')
      .set('X-Request-Id', 'agent')
      .send({ name: 'triage', instructions: 'sort tickets' })
      .expect(201);

    const tracing = app.get(TracingService);
    const deadline = Date.now() + 5_000;
    let spans: ReadableSpan[] = [];
    // The agent request came last: once its root is exported, the two chats before it have been decided.
    while (!root(spans, 'agent') && Date.now() < deadline) {
      await tracing.flush();
      spans = tracing.recentSpans();
      if (!root(spans, 'agent')) await new Promise((r) => setTimeout(r, 20));
    }

    expect(root(spans, 'agent')?.attributes['sampling.reason']).toBe('critical');
    expect(root(spans, 'chat-error')).toMatchObject({
      name: 'POST /api/chat',
      attributes: expect.objectContaining({ 'sampling.reason': 'error', 'http.response.status_code': 502 }),
    });
    expect(root(spans, 'chat-ok')).toBeUndefined();
  });
});
