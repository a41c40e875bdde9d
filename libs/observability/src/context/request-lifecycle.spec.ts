import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../common/index.js';
import { ContextConfig } from '../config/index.js';
import { RequestContextService } from './request-context.service.js';
import type { RequestContext } from './request-context.js';

interface Heard {
  requestId: string;
  durationMs: number | undefined;
}

describe('the request lifecycle: end-of-request listeners', () => {
  let server: Server | undefined;
  afterEach(() => {
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

  it('hears each response once, when it closes, with its duration fixed then', () => {
    const { contexts, serve } = attached();
    const heard: Heard[] = [];
    contexts.onResponse((_req, _res, ctx) => heard.push({ requestId: ctx.requestId, durationMs: ctx.durationMs }));
    const first = serve();
    const second = serve();
    first.res.emit('close');
    expect(heard).toEqual([{ requestId: first.ctx.requestId, durationMs: first.ctx.durationMs }]);
    expect(first.ctx.durationMs).toBeGreaterThanOrEqual(0);
    second.res.emit('close');
    expect(heard.map((h) => h.requestId)).toEqual([first.ctx.requestId, second.ctx.requestId]);
  });

  it('a listener that throws costs the others nothing', () => {
    const { contexts, serve } = attached();
    const heard: string[] = [];
    contexts.onResponse(() => {
      throw new Error('broken listener');
    });
    contexts.onResponse((_req, _res, ctx) => heard.push(ctx.requestId));
    const { res, ctx } = serve();
    res.emit('close');
    expect(heard).toEqual([ctx.requestId]);
  });

  it('a listener removed (as at shutdown) hears of no response after', () => {
    const { contexts, serve } = attached();
    const heard: string[] = [];
    const off = contexts.onResponse((_req, _res, ctx) => heard.push(ctx.requestId));
    const done = serve();
    done.res.emit('close');
    off();
    serve().res.emit('close');
    expect(heard).toEqual([done.ctx.requestId]);
  });
});
