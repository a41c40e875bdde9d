import type { HttpRequest } from '../common/index.js';
import { FASTIFY_ROUTE_KEY } from './context.constants.js';

/** What the suite reads of Fastify's `request.routeOptions` (a getter that builds a new object on every read). */
export interface FastifyRouteOptions {
  url?: unknown;
  /** The route's handler; for a Nest route its name is `Controller.method` (Nest names what it registers). */
  handler?: { name?: unknown };
}

interface FastifyInstanceLike {
  addHook(
    name: 'onRequest',
    hook: (request: { routeOptions?: FastifyRouteOptions; raw: HttpRequest }, reply: unknown, done: () => void) => void,
  ): void;
  [key: symbol]: unknown;
}

const HOOKED = Symbol.for('nestjs-observability.fastify-route-hooked');

/**
 * Fastify hands the rest of the suite the raw request, which does not know its route. An `onRequest` hook copies
 * the matched route's options onto it (read once: the getter builds them per read), so logs and metrics label
 * Fastify requests by template as express ones, and a kept server span can name the handler.
 * Must be added before Nest registers the routes. Once per Fastify instance.
 */
export function addFastifyRouteHook(instance: unknown): void {
  const fastify = instance as FastifyInstanceLike | undefined;
  if (!fastify || typeof fastify.addHook !== 'function' || fastify[HOOKED]) return;
  fastify[HOOKED] = true;
  fastify.addHook('onRequest', (request, _reply, done) => {
    const options = request.routeOptions;
    if (typeof options?.url === 'string') request.raw[FASTIFY_ROUTE_KEY] = options;
    done();
  });
}
