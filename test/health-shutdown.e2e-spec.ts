import 'reflect-metadata';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { AUTH, bootHealthApp, closeOnSignal, listen, waitForRunning, type AdapterKind } from './helpers/health-app.js';
import { onFreePort, takenPort } from './helpers/ports.js';
import { QueueHealthCheck } from './helpers/health-checks.js';

@Controller('work')
class WorkController {
  @Get()
  work(): { done: boolean } {
    return { done: true };
  }
}

/** Resolves to 'closed' or to 'still closing' after `ms`, whichever first. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'closed' | 'still closing'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still closing'>((resolve) => (timer = setTimeout(() => resolve('still closing'), ms)));
  try {
    return await Promise.race([promise.then(() => 'closed' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each<AdapterKind>(['express', 'fastify'])('health at shutdown on %s', (adapter) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('flips readiness to 503 the moment SIGTERM arrives and keeps serving for drain_delay before the server closes', async () => {
    app = await bootHealthApp({ adapter, providers: [QueueHealthCheck], controllers: [WorkController], health: { drain_delay: '600ms' } });
    const base = await listen(app);
    await waitForRunning(app);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    let closed = false;
    const closing = closeOnSignal(app).then(() => (closed = true));
    const during = await fetch(`${base}/health/ready`, { headers: AUTH });
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({
      status: 'shutting_down',
      info: { queue: { status: 'up' } },
      error: { lifecycle: { status: 'down', state: 'draining' } },
      details: { lifecycle: { status: 'down', state: 'draining' }, queue: { status: 'up' } },
    });
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    // Still accepting connections: the app's routes and liveness answer while load balancers catch up.
    expect(await (await fetch(`${base}/work`)).json()).toEqual({ done: true });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect(closed).toBe(false);

    await closing;
    app = undefined;
    await expect(fetch(`${base}/health/ready`)).rejects.toThrow('fetch failed');
  });

  it('does not wait for the drain delay on app.close() without a signal (tests, Ctrl+C)', async () => {
    app = await bootHealthApp({ adapter, providers: [QueueHealthCheck], health: { drain_delay: '1m' } });
    await listen(app);
    const closing = app.close();
    app = undefined;
    expect(await settlesWithin(closing, 5_000)).toBe('closed');
  });

  it('never hangs on a check that never resolves: the running check is abandoned and the request in flight answered', async () => {
    app = await bootHealthApp({ adapter, providers: [QueueHealthCheck], health: { timeout: '5m' } });
    const base = await listen(app);
    await waitForRunning(app);
    const queue = app.get(QueueHealthCheck);
    queue.mode = 'hang';
    const runs = queue.runs;
    const inFlight = fetch(`${base}/health?fresh=1`, { headers: AUTH });
    await eventually(() => queue.runs !== runs);

    const closing = closeOnSignal(app);
    app = undefined;
    expect(await settlesWithin(closing, 5_000)).toBe('closed');
    const answer = await inFlight;
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ status: 'shutting_down' });
    expect(queue.aborted).toBe(1);
  });

  it('serves health only on health.port when it is set, and keeps answering there through the drain', async () => {
    let port = 0;
    app = await onFreePort((free) => {
      port = free;
      return bootHealthApp({
        adapter,
        providers: [QueueHealthCheck],
        controllers: [WorkController],
        health: { port, drain_delay: '300ms' },
      });
    });
    const base = await listen(app);
    await waitForRunning(app);
    const health = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/health`)).status).toBe(404);
    expect((await fetch(`${base}/work`)).status).toBe(200);
    const ready = await fetch(`${health}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${health}/health`, { headers: AUTH })).json()).toMatchObject({ details: { queue: { status: 'up' } } });
    expect((await fetch(`${health}/work`)).status).toBe(404);
    expect((await fetch(`${health}/health`, { method: 'POST' })).status).toBe(404);

    const closing = closeOnSignal(app);
    app = undefined;
    expect(await (await fetch(`${health}/health/ready`)).json()).toEqual({ status: 'shutting_down' });
    await closing;
    await expect(fetch(`${health}/health/ready`)).rejects.toThrow('fetch failed');
  });

  it('fails startup with a clear message when health.port is taken', async () => {
    const { port, close } = await takenPort();
    try {
      await expect(bootHealthApp({ adapter, health: { port } })).rejects.toThrow(
        `Cannot serve health on *:${port} (observability.health.port): EADDRINUSE`,
      );
    } finally {
      await close();
    }
  });
});
