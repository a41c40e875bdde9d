import type { HttpRequest } from '../common/index.js';
import { FASTIFY_ROUTE_KEY, REQUEST_CONTEXT_KEY, UNMATCHED_ROUTE } from './context.constants.js';
import type { RequestContext } from './request-context.js';

interface FastifyLikeRequest {
  routeOptions?: { url?: unknown };
  raw?: HttpRequest;
}

type AnyRequest = HttpRequest | FastifyLikeRequest;

/**
 * The route template of the handler serving `req` (`/api/memory/:id`), as seen from inside that handler
 * (guard, interceptor, handler): express' `req.route`, or Fastify's `routeOptions.url`.
 */
export function handlerRouteOf(req: AnyRequest): string | undefined {
  const fastifyUrl = (req as FastifyLikeRequest).routeOptions?.url;
  if (typeof fastifyUrl === 'string') return fastifyUrl;
  const expressPath = (req as HttpRequest).route?.path;
  return typeof expressPath === 'string' ? expressPath : undefined;
}

/**
 * The route template a request matched, never the raw path; {@link UNMATCHED_ROUTE} when no handler matched.
 * Usable after the fact (when the response is done) from middleware, with express or Fastify.
 *
 * A template recorded while the handler ran (by an interceptor) wins. Express sets `req.route` when a handler's
 * route matches; a 404 that went only through the app's own path-bound Nest middleware carries that middleware's
 * pattern, which is still one bounded value. An express request that never reached the router (a malformed JSON
 * body rejected by the body parser) is given the route its method and path match; the answer is remembered on
 * its context, so the listeners at the end of the request do the look-up once.
 */
export function routeTemplateOf(req: AnyRequest): string {
  const raw = (req as FastifyLikeRequest).raw ?? (req as HttpRequest);
  const ctx = raw[REQUEST_CONTEXT_KEY] as RequestContext | undefined;
  if (ctx?.route) return ctx.route;
  const fastifyUrl = (req as FastifyLikeRequest).routeOptions?.url ?? raw[FASTIFY_ROUTE_KEY];
  if (typeof fastifyUrl === 'string') return fastifyUrl;
  const expressPath = (req as HttpRequest).route?.path;
  if (typeof expressPath === 'string') return expressPath;
  const route = expressRouteByPath(raw) ?? UNMATCHED_ROUTE;
  if (ctx) ctx.route = route;
  return route;
}

interface ExpressLayer {
  route?: { path?: unknown; _handlesMethod?(method: string): boolean };
  match?(path: string): unknown;
}

/** The route of the express app's router that `req`'s method and path match, if any. */
function expressRouteByPath(req: HttpRequest): string | undefined {
  const stack = (req as { app?: { router?: { stack?: unknown } } }).app?.router?.stack;
  const method = req.method;
  if (!Array.isArray(stack) || method === undefined) return undefined;
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  for (const layer of stack as ExpressLayer[]) {
    const route = layer.route;
    if (!route || typeof route.path !== 'string' || typeof layer.match !== 'function') continue;
    try {
      if (route._handlesMethod?.(method) === true && layer.match(path)) return route.path;
    } catch {
      // A layer that cannot match this path (malformed percent-encoding) is not its route.
    }
  }
  return undefined;
}

/** The request context stored on an express request or on Fastify's raw request. */
export function requestContextOf(req: AnyRequest): RequestContext | undefined {
  const raw = (req as FastifyLikeRequest).raw ?? (req as HttpRequest);
  return raw[REQUEST_CONTEXT_KEY] as RequestContext | undefined;
}
