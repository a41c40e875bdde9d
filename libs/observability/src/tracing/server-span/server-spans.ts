import type { Server } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Attributes, Context, Span, TextMapGetter } from '@opentelemetry/api';
import {
  context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  TraceFlags,
  responseStatusOf,
  type HttpRequest,
  type HttpResponse,
} from '../../common/index.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { handlerNameOf, UNMATCHED_ROUTE, type RequestContext, RequestContextService, routeTemplateOf } from '../../context/index.js';
import { createPropagator } from '../runtime/otel-globals.js';
import { ServerSpanContext } from './server-span-context.js';
import { createCriticalRouteMatcher, markCritical } from '../samplers/critical-routes.js';
import type { TracingRuntime } from '../runtime/tracing-runtime.js';
import type { TracingBinding } from '../tracing-binding.js';
import { SERVER_TRACED_KEY, TRACING_BINDING, type SamplingReason } from '../tracing.constants.js';

type Handler = (req: HttpRequest, res: HttpResponse) => void;
type TracedServer = Server & { [SERVER_TRACED_KEY]?: true };

const HEADER_GETTER: TextMapGetter<HttpRequest['headers']> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const USER_AGENT_MAX = 256;

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * One SERVER span per HTTP request, started when the request reaches the server (before body parsing, Nest
 * middleware and guards), as the child of an incoming W3C traceparent (baggage too), and ended when the response
 * is done. It is named `METHOD /route/template` once routing is known, carries the HTTP semantic-convention
 * attributes and the request_id, and has status ERROR for 5xx. Its ids go into the request context, so the
 * request's log line carries them.
 */
@Injectable()
export class ServerSpans {
  private readonly propagator = createPropagator();
  private readonly slowThresholdMs: number;
  /** The request is served in one {@link ServerSpanContext} (else in OpenTelemetry's own contexts, two copies). */
  private readonly singleContext = ServerSpanContext.works(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), ROOT_CONTEXT, trace.getSpan);

  constructor(
    @Inject(TRACING_BINDING) private readonly binding: TracingBinding,
    private readonly contexts: RequestContextService,
  ) {
    this.slowThresholdMs = binding.runtime?.config.slow_threshold ?? Number.POSITIVE_INFINITY;
  }

  /** Wraps the server's request listeners (express' app, Fastify's handler). Once per server. */
  attach(server: Server): void {
    const runtime = this.binding.runtime;
    const target = server as TracedServer;
    if (!runtime || target[SERVER_TRACED_KEY]) return;
    target[SERVER_TRACED_KEY] = true;
    // Ended from the request context's own end-of-response hook: no second 'close' listener per request.
    this.contexts.onResponse((req, res, ctx) => {
      const span = ctx.serverSpan;
      if (span) this.end(span, req, res, ctx);
    });
    const critical = createCriticalRouteMatcher(runtime.config.critical_routes);
    const handlers = server.listeners('request') as Handler[];
    server.removeAllListeners('request');
    const serve = (req: HttpRequest, res: HttpResponse): void => {
      for (const handler of handlers) handler.call(server, req, res);
    };
    // The request context rides in the same OpenTelemetry context as the span: one AsyncLocalStorage per request.
    const carried = this.contexts.carryInOpenTelemetry(server);
    // No closure inside this listener: one over `req` and `res` would make V8 allocate a context for every request.
    server.on('request', (req: HttpRequest, res: HttpResponse) => {
      let active: Context;
      try {
        active = this.start(runtime, critical, req, res);
      } catch {
        this.serveUntraced(carried, serve, req, res);
        return;
      }
      context.with(active, serve, undefined, req, res);
    });
  }

  /** Tracing that fails must not fail the request: it is served untraced, in its request context. */
  private serveUntraced(carried: boolean, serve: Handler, req: HttpRequest, res: HttpResponse): void {
    const ctx = this.contexts.forRequest(req, res);
    if (carried) this.contexts.run(ctx, () => serve(req, res));
    else serve(req, res);
  }

  /** Starts the request's server span; returns the context to serve the request in. */
  private start(runtime: TracingRuntime, critical: ((path: string) => boolean) | undefined, req: HttpRequest, res: HttpResponse): Context {
    const headers = req.headers;
    let parent =
      headers.traceparent === undefined && headers.baggage === undefined
        ? ROOT_CONTEXT
        : this.propagator.extract(ROOT_CONTEXT, headers, HEADER_GETTER);
    if (critical?.(pathOf(req.url))) parent = markCritical(parent);
    const ctx = this.contexts.forRequest(req, res);
    // Attributes are set once, at the end, and only on spans that are kept: most are never exported. The span starts
    // when the request context did (one clock reading).
    const span = runtime.startServerSpan(req.method ?? 'HTTP', parent, ctx.startedAtMs);
    const spanContext = span.spanContext();
    ctx.serverSpan = span;
    ctx.traceId = spanContext.traceId;
    ctx.spanId = spanContext.spanId;
    if (this.singleContext) return new ServerSpanContext(parent, span, this.contexts.otelKey, ctx);
    return this.contexts.carryIn(trace.setSpan(parent, span), ctx);
  }

  private end(span: Span, req: HttpRequest, res: HttpResponse, ctx: RequestContext): void {
    const runtime = this.binding.runtime;
    if (!runtime) return;
    let reason: SamplingReason | undefined;
    // Until decided below, the trace counts as dropped (a span that records nothing is not exported either).
    ctx.traceKept = false;
    try {
      if (!span.isRecording()) return;
      const status = res.statusCode;
      const spanContext = span.spanContext();
      const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
      // The context started no later than the span, so a request slow enough to keep is slow by this measure too.
      reason = sampled
        ? undefined
        : (runtime.keptReason(spanContext.traceId) ??
          (status >= 500 ? 'error' : ctx.elapsedMs() >= this.slowThresholdMs ? 'slow' : undefined));
      if (!sampled && reason === undefined) return;
      ctx.traceKept = true;
      if (status >= 500 && (span as Partial<ReadableSpan>).status?.code !== SpanStatusCode.ERROR)
        span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttributes(this.attributes(span, req, res, ctx.requestId));
    } finally {
      runtime.endServerSpan(span, reason);
    }
  }

  private attributes(span: Span, req: HttpRequest, res: HttpResponse, requestId: string): Attributes {
    const method = req.method ?? 'HTTP';
    const status = res.statusCode;
    const attributes: Attributes = {
      'http.request.method': method,
      'url.path': pathOf(req.url),
      'url.scheme': (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http',
      'network.protocol.version': req.httpVersion,
      'http.response.status_code': responseStatusOf(res),
      request_id: requestId,
    };
    const host = req.headers.host;
    if (host) {
      const colon = host.lastIndexOf(':');
      const hasPort = colon > 0 && !host.endsWith(']');
      attributes['server.address'] = hasPort ? host.slice(0, colon) : host;
      if (hasPort) attributes['server.port'] = Number(host.slice(colon + 1)) || undefined;
    }
    const userAgent = req.headers['user-agent'];
    if (userAgent) attributes['user_agent.original'] = userAgent.length > USER_AGENT_MAX ? userAgent.slice(0, USER_AGENT_MAX) : userAgent;
    const route = routeTemplateOf(req);
    if (route !== UNMATCHED_ROUTE) {
      span.updateName(`${method} ${route}`);
      attributes['http.route'] = route;
    }
    const handler = handlerNameOf(req);
    if (handler !== undefined) attributes['code.function.name'] = handler;
    if (status >= 500) attributes['error.type'] = String(status);
    if (!res.writableFinished) attributes['http.request.aborted'] = true;
    return attributes;
  }
}
