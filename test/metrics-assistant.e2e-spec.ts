import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIMetrics } from 'nestjs-observability';
import { bootAssistant } from './helpers/assistant.js';
import { eventually } from './helpers/eventually.js';
import { sampleLines, scrape } from './helpers/metrics-app.js';

describe('the Assistant demo, measured', () => {
  let app: INestApplication;

  beforeAll(async () => {
    ({ app } = await bootAssistant({}, { outputTokens: [50, 50] }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports tokens, cost from the price table, latency and provider health through AIMetrics', async () => {
    const http = request(app.getHttpServer());
    await http.post('/api/chat').send({ message: 'twelve chars', conversation_id: 'c1' }).expect(200);
    await http.post('/api/chat').send({ message: 'hi', model: 'gpt-sim-large' }).expect(200);
    let lines = sampleLines(await scrape(app));
    expect(lines.filter((l) => l.startsWith('assistant_ai_tokens_total'))).toEqual([
      'assistant_ai_tokens_total{provider="simulated",model="gpt-sim-mini",token_type="input"} 3',
      'assistant_ai_tokens_total{provider="simulated",model="gpt-sim-mini",token_type="output"} 50',
      'assistant_ai_tokens_total{provider="simulated",model="gpt-sim-large",token_type="input"} 1',
      'assistant_ai_tokens_total{provider="simulated",model="gpt-sim-large",token_type="output"} 50',
    ]);
    expect(lines.filter((l) => l.startsWith('assistant_ai_cost_usd_total'))).toEqual([
      `assistant_ai_cost_usd_total{provider="simulated",model="gpt-sim-mini"} ${(3 * 0.15) / 1e6 + (50 * 0.6) / 1e6}`,
      `assistant_ai_cost_usd_total{provider="simulated",model="gpt-sim-large"} ${(1 * 2.5) / 1e6 + (50 * 10) / 1e6}`,
    ]);
    expect(lines).toContain('assistant_ai_model_latency_seconds_count{provider="simulated",model="gpt-sim-mini"} 1');
    expect(lines).toContain('assistant_ai_provider_healthy{provider="simulated"} 1');

    await http.post('/api/chat').set('X-Simulate', 'error').send({ message: 'hi' }).expect(502);
    lines = sampleLines(await scrape(app));
    expect(lines).toContain('assistant_ai_provider_healthy{provider="simulated"} 0');
    expect(lines).toContain('assistant_ai_model_latency_seconds_count{provider="simulated",model="gpt-sim-mini"} 2');
    expect(app.get(AIMetrics).getProviderHealth().get('simulated')).toMatchObject({ healthy: false, updatedAt: expect.any(Number) });
  });

  it('labels requests by route template and counts the provider failure as a BadGatewayException', async () => {
    const http = request(app.getHttpServer());
    await http.get('/api/memory/c1').expect(200);
    await http.get('/api/memory/nope').expect(404);
    await eventually(async () => {
      const lines = sampleLines(await scrape(app));
      expect(lines).toContain('assistant_requests_total{method="POST",endpoint="/api/chat",status_code="200"} 2');
      expect(lines).toContain('assistant_requests_total{method="POST",endpoint="/api/chat",status_code="502"} 1');
      expect(lines).toContain('assistant_errors_total{method="POST",endpoint="/api/chat",error_type="BadGatewayException"} 1');
      expect(lines).toContain('assistant_requests_total{method="GET",endpoint="/api/memory/:id",status_code="200"} 1');
      expect(lines).toContain('assistant_errors_total{method="GET",endpoint="/api/memory/:id",error_type="NotFoundException"} 1');
    });
  });
});
