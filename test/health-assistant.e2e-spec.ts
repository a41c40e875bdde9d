import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlite } from '../apps/assistant/src/database/sqlite.database.js';
import { bootAssistant } from './helpers/assistant.js';
import { AUTH, TOKEN, waitForRunning } from './helpers/health-app.js';

describe('the Assistant demo: its database and its health', () => {
  let app: INestApplication;

  beforeAll(async () => {
    ({ app } = await bootAssistant({ OBSERVABILITY_TOKEN: TOKEN }));
    await waitForRunning(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps conversation memory and agents in the embedded database when DATABASE_URL is unset', async () => {
    const http = request(app.getHttpServer());
    await http.post('/api/chat').send({ message: 'remember me', conversation_id: 'db-conv' }).expect(200);
    const memory = await http.get('/api/memory/db-conv').expect(200);
    expect(memory.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(memory.body.messages[0]).toMatchObject({ role: 'user', content: 'remember me' });
    const created = await http.post('/api/agents').send({ name: 'planner', instructions: 'plan things' }).expect(201);
    expect((await http.get('/api/agents').expect(200)).body).toContainEqual(created.body);
  });

  it('shows the database, the LLM provider and the process in /health, to the bearer of the token only', async () => {
    const http = request(app.getHttpServer());
    await http.post('/api/chat').send({ message: 'hello' }).expect(200);
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    const res = await http.get('/health?fresh=1').set(AUTH).expect(200);
    expect(Object.keys(res.body.details).sort()).toEqual(['database', 'disk', 'event_loop', 'llm_providers', 'memory']);
    expect(res.body.details.database).toEqual({ status: 'up', engine: 'sqlite', response_time_ms: expect.any(Number) });
    expect(res.body.details.llm_providers).toEqual({ status: 'up', providers: { simulated: { healthy: true, updated_s_ago: 0 } } });
    await http.get('/health/live').expect(200);
    await http.get('/health/ready').expect(200);
  });

  it('turns readiness down while the LLM provider fails and back up when it recovers', async () => {
    const http = request(app.getHttpServer());
    await http.post('/api/chat').set('X-Simulate', 'error').send({ message: 'hi' }).expect(502);
    expect((await http.get('/health/ready?fresh=1').set(AUTH).expect(503)).body.error).toEqual({
      llm_providers: { status: 'down', message: 'unhealthy: simulated', providers: { simulated: { healthy: false, updated_s_ago: 0 } } },
    });
    await http.post('/api/chat').send({ message: 'hi again' }).expect(200);
    await http.get('/health/ready?fresh=1').set(AUTH).expect(200);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL at startup, without printing it', async () => {
    const attempt = bootAssistant({ DATABASE_URL: 'mysql://root:hunter2@db/app' });
    await expect(attempt).rejects.toThrow(
      'DATABASE_URL: got a URL with scheme "mysql"; expected postgres:// or postgresql:// (unset it to use the embedded SQLite database)',
    );
    await expect(attempt).rejects.not.toThrow('hunter2');
  });

  it('says what to do where Node keeps node:sqlite behind a flag (22.12), instead of failing to import it', () => {
    expect(typeof loadSqlite().DatabaseSync).toBe('function');
    expect(() => loadSqlite('v22.12.0', () => undefined)).toThrow(
      "The demo's embedded database needs node:sqlite, which Node v22.12.0 does not have without --experimental-sqlite " +
        "(it is built in from Node 22.13). Start the demo with `npm start`, which runs it on the repository's Node 24, " +
        'or set DATABASE_URL to a PostgreSQL database.',
    );
  });
});
