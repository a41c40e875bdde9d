import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket } from 'node:net';
import { setImmediate as realSetImmediate } from 'node:timers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpRequest, HttpResponse } from '../common/index.js';
import { ContextConfig } from '../config/index.js';
import { RequestContextService } from './request-context.service.js';
import type { RequestContext } from './request-context.js';

/** The end of one turn of the event loop, by Node's own timer (whatever a test's fake timers replaced). */
const endOfTurn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

interface Heard {
  requestId: string;
  durationMs: number | undefined;
}

describe('the request lifecycle: end-of-request listeners', () => {
  let server: Server | undefined;
  afterEach(() => {
    vi.useRealTimers();
    server?.close();
    server = undefined;
  });

  /** A server with the lifecycle attached, and a way to serve a request on it without a socket of its own. */
  function attached(): { contexts: RequestContextService; serve: () => { res: HttpResponse; ctx: RequestContext } } {
    const contexts = new RequestContextService(new ContextConfig());
    server = createServer();
    contexts.attach(server);
    const serve = () => {
      const req = new IncomingMessage(new Socket()) as HttpRequest;
      const res = new ServerResponse(req) as HttpResponse;
      server!.emit('request', req, res);
      return { res, ctx: contexts.forRequest(req) };
    };
    return { contexts, serve };
  }

  it('hears every response done in one turn once, in order, after that turn, with each duration fixed at its close', async () => {
    const { contexts, serve } = attached();
    const heard: Heard[] = [];
    contexts.onResponse((_req, _res, ctx) => heard.push({ requestId: ctx.requestId, durationMs: ctx.durationMs }));
    const first = serve();
    const second = serve();
    first.res.emit('close');
    const firstDuration = first.ctx.durationMs;
    second.res.emit('close');
    // Fixed when the response closed, not when the listeners run.
    expect(firstDuration).toBeGreaterThanOrEqual(0);
    expect(heard).toEqual([]);
    await endOfTurn();
    expect(heard).toEqual([
      { requestId: first.ctx.requestId, durationMs: firstDuration },
      { requestId: second.ctx.requestId, durationMs: second.ctx.durationMs },
    ]);
    await endOfTurn();
    expect(heard).toHaveLength(2);
  });

  it('a listener that throws costs the others nothing', async () => {
    const { contexts, serve } = attached();
    const heard: string[] = [];
    contexts.onResponse(() => {
      throw new Error('broken listener');
    });
    contexts.onResponse((_req, _res, ctx) => heard.push(ctx.requestId));
    const { res, ctx } = serve();
    res.emit('close');
    await endOfTurn();
    expect(heard).toEqual([ctx.requestId]);
  });

  it('a listener removed (as at shutdown) first hears of the responses already done, then of none', async () => {
    const { contexts, serve } = attached();
    const heard: string[] = [];
    const off = contexts.onResponse((_req, _res, ctx) => heard.push(ctx.requestId));
    const done = serve();
    done.res.emit('close');
    off();
    expect(heard).toEqual([done.ctx.requestId]);
    serve().res.emit('close');
    await endOfTurn();
    expect(heard).toEqual([done.ctx.requestId]);
  });

  it('is not held back by fake timers (an app under test with a fake clock still gets its telemetry)', async () => {
    const { contexts, serve } = attached();
    vi.useFakeTimers();
    const heard: string[] = [];
    contexts.onResponse((_req, _res, ctx) => heard.push(ctx.requestId));
    const { res, ctx } = serve();
    res.emit('close');
    await endOfTurn();
    expect(heard).toEqual([ctx.requestId]);
  });
});
