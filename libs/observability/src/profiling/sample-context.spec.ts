import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../common/http.types.js';
import { REQUEST_CONTEXT_KEY } from '../context/context.constants.js';
import { RequestContext } from '../context/index.js';
import { SampleContext } from './sample-context.js';

function requestFor(path: string, spanId: string): { req: HttpRequest; ctx: RequestContext } {
  const req = { method: 'GET', url: path, headers: {} } as HttpRequest;
  const ctx = new RequestContext('req-1', req);
  ctx.spanId = spanId;
  req[REQUEST_CONTEXT_KEY] = ctx;
  return { req, ctx };
}

const keptOnly =
  (...ids: string[]) =>
  (id: string): boolean =>
    ids.includes(id);

describe('SampleContext', () => {
  it('keeps the route and the span id of a kept trace after letting go of the request', () => {
    const { req, ctx } = requestFor('/api/memory/42', 'aaaaaaaaaaaaaaaa');
    ctx.route = '/api/memory/:id';
    const sample = new SampleContext(req);
    sample.settle();
    ctx.route = '/changed-after-the-response';
    expect(sample.labels(keptOnly('aaaaaaaaaaaaaaaa'))).toEqual({ route: '/api/memory/:id', span_id: 'aaaaaaaaaaaaaaaa' });
    expect(sample.labels(keptOnly())).toEqual({ route: '/api/memory/:id' });
  });

  it('reads a request still running at the cut without deciding its route for the rest of the suite', () => {
    const { req, ctx } = requestFor('/api/memory/42', 'bbbbbbbbbbbbbbbb');
    const sample = new SampleContext(req);
    expect(sample.labels(keptOnly())).toEqual({ route: '__unmatched__' });
    expect(ctx.route).toBeUndefined();
    ctx.route = '/api/memory/:id';
    expect(sample.labels(keptOnly('bbbbbbbbbbbbbbbb'))).toEqual({ route: '/api/memory/:id', span_id: 'bbbbbbbbbbbbbbbb' });
  });
});
