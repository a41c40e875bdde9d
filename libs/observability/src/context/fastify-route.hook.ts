import type { HttpRequest } from '../common/index.js';
import { FASTIFY_ROUTE_KEY } from './context.constants.js';

interface FastifyInstanceLike {
  addHook(
    name: 'onRequest',
    hook: (request: { routeOptions?: { url?: string }; raw: HttpRequest }, reply: unknown, done: () => void) => void,
  ): void;
  [key: symbol]: unknown;
}

const HOOKED = Symbol.for('nestjs-observability.fastify-route-hooked');

/**
 * Fastify hands the rest of the suite the raw request, which does not know its route. An `onRequest` hook copies
 * the matched route template onto it, so logs and metrics label Fastify requests by template as express ones.
 * Must be added before Nest registers the routes. Once per Fastify instance.
 */
export function addFastifyRouteHook(instance: unknown): void {
  const fastify = instance as FastifyInstanceLike | undefined;
  if (!fastify || typeof fastify.addHook !== 'function' || fastify[HOOKED]) return;
  fastify[HOOKED] = true;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const url = request.routeOptions?.url;
    if (typeof url === 'string') request.raw[FASTIFY_ROUTE_KEY] = url;
    done();
  });
}
