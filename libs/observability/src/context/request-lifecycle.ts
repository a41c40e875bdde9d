import type { AsyncLocalStorage } from 'node:async_hooks';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../common/index.js';
import { CONTEXT_IN_OTEL_KEY } from './context.constants.js';
import type { RequestContext } from './request-context.js';
import { requestContextOf } from './route-template.js';

/** Called once per request when its response is done (finished or aborted). Must not throw; errors are swallowed. */
export type ResponseListener = (req: HttpRequest, res: HttpResponse, ctx: RequestContext) => void;

/** A request Node's HTTP parser refused before any handler saw it (oversized headers, a malformed request line). */
export interface ClientRejection {
  /** What the client was (or would have been) answered. */
  readonly status: 431 | 413 | 408 | 400;
  /** Bounded: one of a few values, usable as a metric label. */
  readonly reason: 'header_overflow' | 'chunk_extensions_overflow' | 'request_timeout' | 'bad_request';
}

/** Called for each request the parser refused. Must not throw; errors are swallowed. */
export type ClientErrorListener = (rejection: ClientRejection) => void;

/**
 * What every instance of the suite in one app shares: one store and one set of end-of-request listeners. Where
 * tracing serves requests inside an OpenTelemetry context, the request context travels in that context instead,
 * under `otelKey` (one AsyncLocalStorage per request, not two).
 */
export interface RequestLifecycleRegistry {
  readonly storage: AsyncLocalStorage<RequestContext>;
  readonly listeners: Set<ResponseListener>;
  readonly clientErrors: Set<ClientErrorListener>;
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
    for (const listener of own.clientErrors) existing.clientErrors.add(listener);
    return existing;
  }
  target[REGISTRY_KEY] = own;
  observeClientErrors(server, own.clientErrors);
  const { storage, listeners } = own;
  const handlers = server.listeners('request') as ((req: HttpRequest, res: HttpResponse) => void)[];
  // One function for every response of this server (no closure per request): the response knows its request, and
  // the request carries its context.
  const onClose = function (this: HttpResponse & { req: HttpRequest }): void {
    const req = this.req;
    const ctx = requestContextOf(req) as RequestContext;
    ctx.durationMs = performance.now() - ctx.startedAtMs;
    for (const listener of listeners) {
      try {
        listener(req, this, ctx);
      } catch {
        // Telemetry about a request that is already answered must never surface as an error.
      }
    }
    ctx.release();
  };
  const serve = (req: HttpRequest, res: HttpResponse): void => {
    for (const handler of handlers) handler.call(server, req, res);
  };
  server.removeAllListeners('request');
  server.on('request', (req: HttpRequest, res: HttpResponse) => {
    const ctx = createContext(req, res);
    res.on('close', onClose);
    if (target[CONTEXT_IN_OTEL_KEY]) serve(req, res);
    else storage.run(ctx, serve, req, res);
  });
  return own;
}

/** Whether every request of `server` runs through a request lifecycle (its end-of-request listeners are called). */
export function hasRequestLifecycle(server: Server): boolean {
  return (server as ServerWithRegistry)[REGISTRY_KEY] !== undefined;
}

/**
 * Requests Node's parser refuses never reach a request listener, so without this they leave no trace. A server
 * with no `clientError` listener of its own (express under Nest) gets the answer Node would have given; one that
 * has one (Fastify) keeps answering itself. A reset connection is not a request and is not reported.
 */
function observeClientErrors(server: Server, listeners: ReadonlySet<ClientErrorListener>): void {
  const answersItself = server.listenerCount('clientError') > 0;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const rejection = error.code === 'ECONNRESET' ? undefined : rejectionOf(error.code);
    if (rejection) {
      for (const listener of listeners) {
        try {
          listener(rejection);
        } catch {
          // Counting a refused request must never break the server.
        }
      }
    }
    if (answersItself) return;
    if (rejection && socket.writable && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) {
      socket.write(`HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status]}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy(error);
  });
}

function rejectionOf(code: string | undefined): ClientRejection {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'header_overflow' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, reason: 'chunk_extensions_overflow' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'request_timeout' };
    default:
      return { status: 400, reason: 'bad_request' };
  }
}
