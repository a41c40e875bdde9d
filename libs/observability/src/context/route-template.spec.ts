import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../common/index.js';
import { FASTIFY_ROUTE_KEY } from './context.constants.js';
import { handlerNameOf } from './route-template.js';

// Nest names every handler it registers `Class.method`; test/tracing*.e2e-spec.ts read it through real express and
// Fastify apps. These pin the reading itself on the shapes the two routers leave on a request.
const named = (name: string) => Object.defineProperty(() => undefined, 'name', { value: name });
const expressRequest = (method: string, layers: { method?: string; handle: () => void }[]) =>
  ({ method, route: { path: '/items/:id', stack: layers } }) as unknown as HttpRequest;

describe('handlerNameOf', () => {
  it("reads the handler of express' matched route, by the request's method when the route holds several", () => {
    const layers = [
      { method: 'get', handle: named('ItemsController.get') },
      { method: 'post', handle: named('ItemsController.create') },
    ];
    expect(handlerNameOf(expressRequest('GET', layers))).toBe('ItemsController.get');
    expect(handlerNameOf(expressRequest('POST', layers))).toBe('ItemsController.create');
    // A route registered for every method (`@All`) holds one layer without a method.
    expect(handlerNameOf(expressRequest('PATCH', [{ handle: named('ItemsController.any') }]))).toBe('ItemsController.any');
  });

  it("reads Fastify's route options copied onto the raw request, without the prefixes bind() adds", () => {
    const handler = named('ItemsController.get').bind(null).bind(null);
    expect(handler.name).toBe('bound bound ItemsController.get');
    expect(handlerNameOf({ [FASTIFY_ROUTE_KEY]: { url: '/items/:id', handler } } as unknown as HttpRequest)).toBe('ItemsController.get');
  });

  it('is undefined when no route matched or its handler has no name', () => {
    expect(handlerNameOf({ method: 'GET' } as HttpRequest)).toBeUndefined();
    expect(handlerNameOf(expressRequest('GET', [{ method: 'get', handle: named('') }]))).toBeUndefined();
    expect(handlerNameOf({ [FASTIFY_ROUTE_KEY]: { url: '/x', handler: named('bound ') } } as unknown as HttpRequest)).toBeUndefined();
  });
});
