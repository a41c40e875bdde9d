import type { HttpRequest } from '../common/index.js';
import { FASTIFY_ROUTE_KEY, REQUEST_CONTEXT_KEY, UNMATCHED_ROUTE } from './context.constants.js';
import type { FastifyRouteOptions } from './fastify-route.hook.js';
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
  const fastifyUrl = (req as FastifyLikeRequest).routeOptions?.url ?? (raw[FASTIFY_ROUTE_KEY] as FastifyRouteOptions | undefined)?.url;
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

/**
 * The name of the Nest handler that served `req` (`ChatController.post`), read from the router after the fact: Nest
 * names every handler it registers `Class.method`, and both routers keep the matched route's handler (express'
 * `req.route`, Fastify's route options, copied onto the raw request by the route hook). Undefined when no route
 * matched or its handler has no name. Costs nothing per request: only a kept server span asks.
 */
export function handlerNameOf(req: HttpRequest): string | undefined {
  const fastifyHandler = (req[FASTIFY_ROUTE_KEY] as FastifyRouteOptions | undefined)?.handler;
  if (fastifyHandler) return nameOf(fastifyHandler);
  const stack = (req.route as { stack?: unknown } | undefined)?.stack;
  if (!Array.isArray(stack) || stack.length === 0) return undefined;
  // Nest registers one handler per route; a route shared by several methods holds one layer per method.
  const method = req.method?.toLowerCase();
  const layers = stack as { method?: unknown; handle?: { name?: unknown } }[];
  const layer = layers.find((l) => l.method === method) ?? layers[layers.length - 1];
  return layer?.handle ? nameOf(layer.handle) : undefined;
}

/** A function's name, without the `bound ` prefixes `Function.prototype.bind` adds (Fastify binds handlers). */
function nameOf(fn: { name?: unknown }): string | undefined {
  if (typeof fn.name !== 'string') return undefined;
  let name = fn.name;
  while (name.startsWith('bound ')) name = name.slice(6);
  return name === '' ? undefined : name;
}

/** The request context stored on an express request or on Fastify's raw request. */
export function requestContextOf(req: AnyRequest): RequestContext | undefined {
  const raw = (req as FastifyLikeRequest).raw ?? (req as HttpRequest);
  return raw[REQUEST_CONTEXT_KEY] as RequestContext | undefined;
}
