import { Injectable, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagementAuth } from '../libs/observability/src/common/management-auth.js';
import { SilenceStore, SilencesHttpHandler } from '../libs/observability/src/alerting/silences/index.js';

const TOKEN = 'test-management-token-0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

interface Adapter {
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  post(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  delete(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
  getRequestMethod(req: unknown): string;
  getRequestUrl(req: unknown): string;
}

/** How an app serves the handler on its own adapter (Express or Fastify), the way health serves its paths. */
@Injectable()
class SilenceRoutes implements OnModuleInit {
  readonly store = new SilenceStore();
  private readonly handler = new SilencesHttpHandler(this.store, new ManagementAuth(TOKEN));

  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.host.httpAdapter as unknown as Adapter;
    const serve = (req: unknown, res: unknown): void => {
      const r = req as { headers: Record<string, unknown>; body?: unknown };
      const answer = this.handler.handle({
        method: adapter.getRequestMethod(req),
        url: adapter.getRequestUrl(req),
        authorization: r.headers['authorization'],
        body: r.body,
      });
      for (const [name, value] of Object.entries(answer.headers)) adapter.setHeader(res, name, value);
      adapter.reply(res, answer.body, answer.statusCode);
    };
    adapter.get(this.handler.path, serve);
    adapter.post(this.handler.path, serve);
    adapter.get(`${this.handler.path}/:id`, serve);
    adapter.delete(`${this.handler.path}/:id`, serve);
  }
}

@Module({ providers: [SilenceRoutes] })
class SilencesTestModule {}

async function boot(kind: 'express' | 'fastify'): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [SilencesTestModule] }).compile();
  const app =
    kind === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  await app.init();
  if (kind === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

describe.each(['express', 'fastify'] as const)('silences API on %s', (kind) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('creates, lists, reads and expires a silence with the management token; the store mutes accordingly', async () => {
    app = await boot(kind);
    const server = app.getHttpServer();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    await request(server).get('/alerts/silences').expect(401, { error: 'silences require Authorization: Bearer <management.token>' });

    const created = await request(server)
      .post('/alerts/silences')
      .set(AUTH)
      .send({
        matchers: [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }, 'route=~"/api/.*"'],
        endsAt,
        comment: 'deploy',
      })
      .expect(200)
      .expect('content-type', /application\/json/)
      .expect('cache-control', 'no-store');
    const id = (created.body as { silenceID: string }).silenceID;
    const store = app.get(SilenceRoutes).store;
    expect(store.isSilenced({ alertname: 'HighErrorRate', route: '/api/chat' }, Date.now())).toBe(true);

    const listed = await request(server).get('/alerts/silences?state=active').set(AUTH).expect(200);
    expect(listed.body).toEqual([
      {
        id,
        status: { state: 'active' },
        matchers: [
          { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
          { name: 'route', value: '/api/.*', isRegex: true, isEqual: true },
        ],
        startsAt: expect.any(String),
        endsAt,
        updatedAt: expect.any(String),
        createdBy: '',
        comment: 'deploy',
      },
    ]);
    await request(server).get(`/alerts/silences/${id}`).set(AUTH).expect(200);
    await request(server).delete(`/alerts/silences/${id}`).set(AUTH).expect(200, {});
    expect(store.isSilenced({ alertname: 'HighErrorRate', route: '/api/chat' }, Date.now())).toBe(false);
    await request(server)
      .get(`/alerts/silences/${id}`)
      .set(AUTH)
      .expect(200)
      .expect((res) => expect(res.body.status).toEqual({ state: 'expired' }));
  });

  it('answers a bad silence with 400 and the reason', async () => {
    app = await boot(kind);
    await request(app.getHttpServer())
      .post('/alerts/silences')
      .set(AUTH)
      .send({ matchers: ['team=~".*"'], endsAt: new Date(Date.now() + 60_000).toISOString() })
      .expect(400, { error: 'invalid silence: at least one matcher must not match the empty string (it would mute every alert)' });
  });
});
