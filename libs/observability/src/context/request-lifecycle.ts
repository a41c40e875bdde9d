import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Server } from 'node:http';
import type { HttpRequest, HttpResponse } from '../common/http.types.js';
import { CONTEXT_IN_OTEL_KEY } from './context.constants.js';
import type { RequestContext } from './request-context.js';
import { requestContextOf } from './route-template.js';

/** Called once per request when its response is done (finished or aborted). Must not throw; errors are swallowed. */
export type ResponseListener = (req: HttpRequest, res: HttpResponse, ctx: RequestContext) => void;

/**
 * What every instance of the suite in one app shares: one store and one set of end-of-request listeners. Where
 * tracing serves requests inside an OpenTelemetry context, the request context travels in that context instead,
 * under `otelKey` (one AsyncLocalStorage per request, not two).
 */
export interface RequestLifecycleRegistry {
  readonly storage: AsyncLocalStorage<RequestContext>;
  readonly listeners: Set<ResponseListener>;
  readonly otelKey: symbol;
}

/** Kept on the app's own HTTP server object: per-app state, never process-wide. */
const REGISTRY_KEY = Symbol.for('nestjs-observability.request-lifecycle');

type ServerWithRegistry = Server & { [REGISTRY_KEY]?: RequestLifecycleRegistry; [CONTEXT_IN_OTEL_KEY]?: true };

/**
 * Wraps the server's `request` listeners (express' app or Fastify's handler) so that each request runs inside
 * its context from the first byte: before body parsing, Nest middleware, guards and handlers. One wrapper per
 * server; a second instance of the suite in the same app joins the first one's registry.
 */
export function installRequestLifecycle(
  server: Server,
  own: RequestLifecycleRegistry,
  createContext: (req: HttpRequest, res: HttpResponse) => RequestContext,
): RequestLifecycleRegistry {
  const target = server as ServerWithRegistry;
  const existing = target[REGISTRY_KEY];
  if (existing) {
    for (const listener of own.listeners) existing.listeners.add(listener);
    return existing;
  }
  target[REGISTRY_KEY] = own;
  const { storage, listeners } = own;
  const handlers = server.listeners('request') as ((req: HttpRequest, res: HttpResponse) => void)[];
  // One function for every response of this server (no closure per request): the response knows its request, and
  // the request carries its context.
  const onClose = function (this: HttpResponse & { req: HttpRequest }): void {
    const req = this.req;
    const ctx = requestContextOf(req) as RequestContext;
    for (const listener of listeners) {
      try {
        listener(req, this, ctx);
      } catch {
        // Telemetry about a request that is already answered must never surface as an error.
      }
    }
  };
  server.removeAllListeners('request');
  server.on('request', (req: HttpRequest, res: HttpResponse) => {
    const ctx = createContext(req, res);
    if (listeners.size > 0) res.on('close', onClose);
    if (target[CONTEXT_IN_OTEL_KEY]) {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    storage.run(ctx, () => {
      for (const handler of handlers) handler.call(server, req, res);
    });
  });
  return own;
}
