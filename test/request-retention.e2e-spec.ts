import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Controller, Get, Param, Req, type INestApplication } from '@nestjs/common';
import { ObservabilityModule, ProfilingModule } from 'nestjs-observability';
import { afterEach, describe, expect, it } from 'vitest';
import { bootApp, type Platform } from './helpers/bootstrap.js';
import { eventually } from './helpers/eventually.js';
import { listen } from './helpers/health-app.js';
import { LogCapture } from './helpers/log-capture.js';
import { FakePyroscope } from './helpers/pyroscope-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const collected = new Set<string>();
const requests = new FinalizationRegistry<string>((id) => collected.add(id));

@Controller()
class HoldController {
  @Get('hold/:id')
  hold(@Param('id') id: string, @Req() req: object & { raw?: object }): { id: string } {
    requests.register(req.raw ?? req, id);
    return { id };
  }
}

/** One GET over `agent`, the connection kept open afterwards. */
function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/**
 * Node runs what a request leaves scheduled (a keep-alive connection's idle timer among it) in the request's
 * AsyncLocalStorage frame, which holds the request context until the connection's next request. The context lets go
 * of its request when the response is done, so an open connection does not keep its last request alive: under load,
 * 32 connections kept 32 requests through every young-generation collection, and V8 doubled its young generation.
 */
describe.each<Platform>(['express', 'fastify'])('a finished request on a kept-alive connection (%s)', (platform) => {
  let app: INestApplication | undefined;
  let pyroscope: FakePyroscope | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  afterEach(async () => {
    agent.destroy();
    await app?.close();
    await pyroscope?.stop();
    app = pyroscope = undefined;
  });

  /** Profiling pushing to a fake Pyroscope once a minute: no upload cuts the profiler during the test. */
  async function pyroscopeProfiling() {
    pyroscope = new FakePyroscope();
    return { enabled: true, pyroscope_endpoint: await pyroscope.start(), upload_interval: '60s' as const };
  }

  async function expectCollected(imports: unknown[], name: string): Promise<void> {
    app = await bootApp({ platform, controllers: [HoldController], imports: imports as never[] });
    const base = await listen(app);
    const id = `${platform}-${name}`;
    expect(await get(agent, `${base}/hold/${id}`)).toBe(200);
    await eventually(() => {
      gc();
      expect(collected).toContain(id);
    });
    // The connection the request came on is still open: the agent holds it for the next request.
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
  }

  it('is collected while the connection stays open', async () => {
    await expectCollected(
      [ObservabilityModule.forRoot({ context: { user_id_source: 'user' } }, { logDestination: new LogCapture() })],
      'suite',
    );
  });

  // With Pyroscope every request is attached to the CPU profiler, which holds what it attached until the next
  // upload (a minute here): that lets go of the request when the response is done, through the request context's
  // end-of-request listeners, or a response listener of its own where no request context runs.
  it('is collected while the CPU profiler holds what the request attached', async () => {
    const profiling = await pyroscopeProfiling();
    await expectCollected([ObservabilityModule.forRoot({ profiling }, { logDestination: new LogCapture() })], 'suite-profiling');
  });

  it('is collected while the CPU profiler holds what the request attached (profiling alone)', async () => {
    const profiling = await pyroscopeProfiling();
    await expectCollected([ProfilingModule.forRoot({ profiling })], 'profiling');
  });

  it('is collected while the CPU profiler holds what the request attached (profiling without the request context)', async () => {
    const profiling = await pyroscopeProfiling();
    await expectCollected([ProfilingModule.forRoot({ profiling, withContext: false })], 'profiling-no-context');
  });
});
