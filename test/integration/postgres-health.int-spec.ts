import 'reflect-metadata';
import { Injectable, type INestApplication } from '@nestjs/common';
import { DatabaseIndicator, RegisterHealthCheck, type HealthCheck } from 'nestjs-observability';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAssistant } from '../helpers/assistant.js';
import { AUTH, bootHealthApp, TOKEN, waitForRunning } from '../helpers/health-app.js';
import { PostgresServer } from '../helpers/health-postgres.js';

const POOLS: pg.Pool[] = [];

@Injectable()
@RegisterHealthCheck()
class PoolHealthCheck implements HealthCheck {
  readonly name = 'database';
  constructor(private readonly db: DatabaseIndicator) {}

  check(signal: AbortSignal) {
    return this.db.pingCheck('database', POOLS[0]!, { signal });
  }
}

describe('the database indicator against a real PostgreSQL', () => {
  let server: PostgresServer;
  let app: INestApplication;

  beforeAll(async () => {
    server = await PostgresServer.create();
    const pool = new pg.Pool({ connectionString: server.url, max: 4, connectionTimeoutMillis: 5_000 });
    // What every app must do: an idle client whose server goes away emits 'error'.
    pool.on('error', () => undefined);
    POOLS.push(pool);
    app = await bootHealthApp({ providers: [PoolHealthCheck], health: { timeout: '5s' } });
    await waitForRunning(app);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(POOLS.splice(0).map((p) => p.end()));
    await server?.destroy();
  });

  const fresh = (status: number) => request(app.getHttpServer()).get('/health?fresh=1').set(AUTH).expect(status);

  it('is up with the pool statistics while the server runs', async () => {
    const res = await fresh(200);
    expect(res.body.details.database).toEqual({ status: 'up', response_time_ms: expect.any(Number), total: 1, idle: 1, waiting: 0 });
  });

  it('is down with the driver error once the server stops, readiness included, and never shows the password', async () => {
    await server.stop();
    const res = await fresh(503);
    expect(res.body.error.database).toEqual({
      status: 'down',
      message: `connect ECONNREFUSED 127.0.0.1:${server.port}`,
      total: 0,
      idle: 0,
      waiting: 0,
    });
    expect((await request(app.getHttpServer()).get('/health/ready').expect(503)).body).toEqual({ status: 'error' });
    expect(res.text).not.toContain(server.password);
  });

  it('is up again once the server is back', async () => {
    await server.start();
    const res = await fresh(200);
    expect(res.body.details.database).toMatchObject({ status: 'up', total: 1, waiting: 0 });
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it('backs the demo when DATABASE_URL is set: memory round trip, and its health shows PostgreSQL with pool stats', async () => {
    const { app: assistant } = await bootAssistant({ DATABASE_URL: server.url, OBSERVABILITY_TOKEN: TOKEN });
    try {
      await waitForRunning(assistant);
      const http = request(assistant.getHttpServer());
      await http.post('/api/chat').send({ message: 'stored in postgres', conversation_id: 'pg-1' }).expect(200);
      expect((await http.get('/api/memory/pg-1').expect(200)).body.messages[0]).toMatchObject({
        role: 'user',
        content: 'stored in postgres',
      });
      const agent = (await http.post('/api/agents').send({ name: 'pg agent', instructions: 'x' }).expect(201)).body;
      expect((await http.get('/api/agents').expect(200)).body).toContainEqual(agent);
      const health = await http.get('/health?fresh=1').set(AUTH).expect(200);
      expect(health.body.details.database).toEqual({
        status: 'up',
        engine: 'postgresql',
        response_time_ms: expect.any(Number),
        total: expect.any(Number),
        idle: expect.any(Number),
        waiting: 0,
      });
      expect(health.text).not.toContain(server.password);
    } finally {
      await assistant.close();
    }
  });
});
