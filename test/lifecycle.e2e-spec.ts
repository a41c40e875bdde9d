import { Controller, Get, type INestApplication } from '@nestjs/common';
import { ObservabilityModule } from 'nestjs-observability';
import { afterEach, describe, expect, it } from 'vitest';
import { bootApp } from './helpers/bootstrap.js';
import { closeOnSignal, listen } from './helpers/health-app.js';
import { LogCapture } from './helpers/log-capture.js';

@Controller()
class WorkController {
  @Get('work')
  work(): { ok: true } {
    return { ok: true };
  }
}

/** docs/DESIGN.md, "Lifecycle": jobs stop when shutdown begins, but what serves requests keeps working while the app drains. */
describe('shutdown follows the lifecycle table', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('a request served during the SIGTERM drain is still logged and counted', async () => {
    const logs = new LogCapture();
    app = await bootApp({
      controllers: [WorkController],
      imports: [
        ObservabilityModule.forRoot(
          { health: { drain_delay: '2s', checks: { memory: { enabled: false }, disk: { enabled: false } } } },
          { logDestination: logs },
        ),
      ],
    });
    const base = await listen(app);
    const closing = closeOnSignal(app);
    app = undefined;
    // The positive signal that the drain has begun: readiness is down.
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    const res = await fetch(`${base}/work?during=drain`, { headers: { 'x-request-id': 'during-drain' } });
    expect(res.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    await logs.waitFor((lines) => lines.some((l) => l['request_id'] === 'during-drain'));
    await closing;
    expect(logs.lines.find((l) => l['request_id'] === 'during-drain')).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', route: '/work' },
      res: { status_code: 200 },
    });
    expect(metrics).toMatch(/^app_requests_total\{method="GET",endpoint="\/work",status_code="200"\} 1$/m);
  });
});
