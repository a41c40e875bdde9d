import type { INestApplication } from '@nestjs/common';
import { ObservabilityModule, validateObservabilityConfig } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { bootApp, type Platform } from './helpers/bootstrap.js';
import { LogCapture } from './helpers/log-capture.js';
import { onFreePort } from './helpers/ports.js';

const TOKEN = 'management-port-token-0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

interface Answer {
  status: number;
  type: string | null;
  cache: string | null;
  body: unknown;
}

/** The management requests every case sends: what a user sees of each, comparable across servers. */
async function tour(send: (method: string, path: string, headers: Record<string, string>, body?: string) => Promise<Answer>) {
  const json = { 'content-type': 'application/json', ...AUTH };
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const created = await send('POST', '/alerts/silences', json, JSON.stringify({ matchers: ['alertname="X"'], endsAt, comment: 'c' }));
  const id = (created.body as { silenceID?: string }).silenceID ?? 'none';
  return {
    alertsNoToken: await send('GET', '/alerts', {}),
    alerts: await send('GET', '/alerts', AUTH),
    silencesNoToken: await send('GET', '/alerts/silences', {}),
    created: { ...created, body: typeof (created.body as { silenceID?: unknown }).silenceID },
    read: { ...(await send('GET', `/alerts/silences/${id}`, AUTH)), body: 'read' },
    badState: await send('GET', '/alerts/silences?state=nope', AUTH),
    deleted: await send('DELETE', `/alerts/silences/${id}`, AUTH),
    missing: await send('GET', '/alerts/silences/no-such-id', AUTH),
    pprofNoToken: await send('GET', '/debug/pprof/profiles', {}),
    pprof: await send('GET', '/debug/pprof/profiles', AUTH),
    pprofBadSeconds: await send('GET', '/debug/pprof/profile?seconds=0', AUTH),
    scalingNoToken: await send('GET', '/scaling', {}),
    scaling: await send('GET', '/scaling', AUTH),
  };
}

describe.each<Platform>(['express', 'fastify'])('management.port on %s', (platform) => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  function boot(management: { port?: number; host?: string }): Promise<INestApplication> {
    return bootApp({
      platform,
      imports: [
        ObservabilityModule.forRoot(
          {
            management: { token: TOKEN, ...management },
            profiling: { enabled: true, endpoints: true },
            alerts: { evaluation_interval: '1h' },
            health: { checks: { memory: { enabled: false }, disk: { enabled: false } } },
          },
          { logDestination: new LogCapture() },
        ),
      ],
    });
  }

  it('serves pprof, alerts, silences and scaling advice there only, token-checked, and answers exactly as on the app port', async () => {
    let port = 0;
    app = await onFreePort((free) => {
      port = free;
      return boot({ port, host: '127.0.0.1' });
    });
    const side = await tour(async (method, path, headers, body) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), body: JSON.parse(text) };
    });
    expect(side.alerts).toMatchObject({ status: 200, body: { alerts: [] } });
    expect(side.alertsNoToken.status).toBe(401);
    expect(side.silencesNoToken.status).toBe(401);
    expect(side.created).toMatchObject({ status: 200, body: 'string' });
    expect(side.read.status).toBe(200);
    expect(side.deleted).toMatchObject({ status: 200, body: {} });
    expect(side.pprofNoToken.status).toBe(401);
    expect(side.pprof).toMatchObject({ status: 200, body: { profiles: [] } });
    expect(side.pprofBadSeconds.status).toBe(400);
    expect(side.scalingNoToken.status).toBe(401);
    expect(side.scaling).toMatchObject({ status: 200, body: { inputs: expect.any(Object) } });

    const http = request(app.getHttpServer());
    for (const path of ['/alerts', '/alerts/silences', '/debug/pprof/profiles', '/debug/pprof/heap', '/scaling']) {
      await http.get(path).set(AUTH).expect(404);
    }
    await http.get('/health/live').expect(200);
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(404);
    await app.close();
    app = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/alerts`)).rejects.toThrow('fetch failed');

    // The same requests on an app without management.port: the same statuses, headers and bodies.
    app = await boot({});
    const server = app.getHttpServer();
    const own = await tour(async (method, path, headers, body) => {
      let req = request(server)[method.toLowerCase() as 'get'](path).set(headers);
      if (body !== undefined) req = req.send(body);
      const res = await req;
      return {
        status: res.status,
        type: res.get('content-type') ?? null,
        cache: res.get('cache-control') ?? null,
        body: JSON.parse(res.text),
      };
    });
    const timeless = (answers: typeof side) => ({
      ...answers,
      alerts: { ...answers.alerts, body: { ...(answers.alerts.body as object), evaluatedAt: 'any' } },
      scaling: { ...answers.scaling, body: Object.keys(answers.scaling.body as object).sort() },
    });
    expect(timeless(side)).toEqual(timeless(own));
  });
});

describe('management.port validation', () => {
  it('must differ from metrics.port and health.port', () => {
    expect(() => validateObservabilityConfig({ metrics: { port: 9464 }, health: { port: 8081 }, management: { port: 9464 } })).toThrow(
      'observability.management.port: got 9464; expected a port other than metrics.port (9464): each side listener needs its own',
    );
    expect(() => validateObservabilityConfig({ health: { port: 8081 }, management: { port: 8081 } })).toThrow(
      'expected a port other than health.port (8081)',
    );
    expect(validateObservabilityConfig({ management: { port: 9465, host: '127.0.0.1' } }).management).toMatchObject({
      port: 9465,
      host: '127.0.0.1',
    });
  });
});
