import type { HttpRequest } from '../common/http.types.js';
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
 * pattern, which is still one bounded value.
 */
export function routeTemplateOf(req: AnyRequest): string {
  const raw = (req as FastifyLikeRequest).raw ?? (req as HttpRequest);
  const ctx = raw[REQUEST_CONTEXT_KEY] as RequestContext | undefined;
  if (ctx?.route) return ctx.route;
  const fastifyUrl = (req as FastifyLikeRequest).routeOptions?.url ?? raw[FASTIFY_ROUTE_KEY];
  if (typeof fastifyUrl === 'string') return fastifyUrl;
  const expressPath = (req as HttpRequest).route?.path;
  if (typeof expressPath === 'string') return expressPath;
  return UNMATCHED_ROUTE;
}

/** The request context stored on an express request or on Fastify's raw request. */
export function requestContextOf(req: AnyRequest): RequestContext | undefined {
  const raw = (req as FastifyLikeRequest).raw ?? (req as HttpRequest);
  return raw[REQUEST_CONTEXT_KEY] as RequestContext | undefined;
}
