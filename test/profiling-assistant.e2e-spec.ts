import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { bootAssistant } from './helpers/assistant.js';
import { binary, captureWhileLoading, decodeProfile, samplesOf } from './helpers/profiling-app.js';

const TOKEN = 'assistant-management-token-0123';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const ENV = { PROFILING_ENABLED: 'true', PROFILING_ENDPOINTS: 'true', OBSERVABILITY_TOKEN: TOKEN };
const TEXT = 'The quick brown fox jumps over the lazy dog while the assistant embeds every word of it.';

describe('the Assistant under profiling', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('names the embedding endpoint’s hot function, labelled with its route, among the top 3 by self time', async () => {
    ({ app } = await bootAssistant(ENV));
    const http = request(app.getHttpServer());
    const res = await captureWhileLoading(http, {
      seconds: 2,
      load: () => http.post('/api/embeddings').send({ text: TEXT }).expect(200),
      auth: AUTH,
    });
    expect(res.status).toBe(200);

    const profile = decodeProfile(res.body as Buffer);
    const cpu = profile.sampleType.findIndex((t) => profile.stringTable.strings[Number(t.type)] === 'cpu');
    const bySelf = new Map<string, number>();
    const samples = samplesOf(profile);
    for (const s of samples) bySelf.set(s.leaf, (bySelf.get(s.leaf) ?? 0) + (s.values[cpu] ?? 0));
    const top3 = [...bySelf.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name]) => name);
    // embedText, or the controller method when V8 inlined it there (its samples then land on the caller's frame).
    const hot = top3.find((name) => name === 'embedText' || name === 'embed');
    expect(hot, `top 3 by self time: ${top3.join(', ')}`).toBeDefined();
    expect(new Set(samples.filter((s) => s.leaf === hot).map((s) => s.labels['route']))).toEqual(new Set(['/api/embeddings']));

    const insights = (await http.get('/debug/pprof/insights').set(AUTH).expect(200)).body;
    expect(insights.cpu.routes['/api/embeddings'].top_self.slice(0, 3)).toContainEqual(
      expect.objectContaining({ function: hot, file: expect.stringContaining('embeddings/') }),
    );
  });

  it('names the slow leak behind X-Fault: leak as the fastest-growing allocation site', async () => {
    ({ app } = await bootAssistant(ENV));
    const http = request(app.getHttpServer());
    await http.get('/debug/pprof/heap').set(AUTH).expect(200);
    const deadline = Date.now() + 15_000;
    let top: { function: string; file: string } | undefined;
    while (Date.now() < deadline) {
      for (let i = 0; i < 20; i++) await http.post('/api/embeddings').set('X-Fault', 'leak').send({ text: TEXT }).expect(200);
      const heap = await http.get('/debug/pprof/heap').set(AUTH).buffer(true).parse(binary).expect(200);
      expect(decodeProfile(heap.body as Buffer).sample.length).toBeGreaterThan(0);
      top = (await http.get('/debug/pprof/insights').set(AUTH).expect(200)).body.heap?.growing_sites?.[0];
      if (top?.function === 'retainForever') break;
    }
    expect(top).toMatchObject({ function: 'retainForever', file: expect.stringContaining('embeddings/leaky-history.ts') });
  });
});
