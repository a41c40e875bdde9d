import type { Server } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span, type TextMapGetter } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { HttpRequest, HttpResponse } from '../../common/http.types.js';
import { UNMATCHED_ROUTE } from '../../context/context.constants.js';
import type { RequestContext } from '../../context/request-context.js';
import { RequestContextService } from '../../context/request-context.service.js';
import { routeTemplateOf } from '../../context/route-template.js';
import { createPropagator } from '../runtime/otel-globals.js';
import { createCriticalRouteMatcher, markCritical } from '../samplers/critical-routes.js';
import type { TracingBinding } from '../tracing-binding.js';
import { HANDLER_KEY, SERVER_SPAN_KEY, SERVER_TRACED_KEY, TRACING_BINDING } from '../tracing.constants.js';

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

/** The request's server span, set when the request arrived (undefined when tracing is off). */
export function serverSpanOf(req: HttpRequest | { raw?: HttpRequest }): Span | undefined {
  const raw = ((req as { raw?: HttpRequest }).raw ?? req) as HttpRequest;
  return raw[SERVER_SPAN_KEY] as Span | undefined;
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
      const span = req[SERVER_SPAN_KEY] as Span | undefined;
      if (span) this.end(span, req, res, ctx);
    });
    const tracer = runtime.tracer;
    const critical = createCriticalRouteMatcher(runtime.config.critical_routes);
    const handlers = server.listeners('request') as Handler[];
    server.removeAllListeners('request');
    server.on('request', (req: HttpRequest, res: HttpResponse) => {
      const headers = req.headers;
      let parent = headers.traceparent === undefined && headers.baggage === undefined ? ROOT_CONTEXT : this.propagator.extract(ROOT_CONTEXT, headers, HEADER_GETTER);
      if (critical?.(pathOf(req.url))) parent = markCritical(parent);
      // Attributes are set once, at the end, and only on recording spans: most spans are never exported.
      const span = tracer.startSpan(req.method ?? 'HTTP', { kind: SpanKind.SERVER }, parent);
      req[SERVER_SPAN_KEY] = span;
      const spanContext = span.spanContext();
      const ctx = this.contexts.forRequest(req, res);
      ctx.traceId = spanContext.traceId;
      ctx.spanId = spanContext.spanId;
      context.with(trace.setSpan(parent, span), () => {
        for (const handler of handlers) handler.call(server, req, res);
      });
    });
  }

  private end(span: Span, req: HttpRequest, res: HttpResponse, ctx: RequestContext): void {
    try {
      if (!span.isRecording()) return;
      const status = res.statusCode;
      if (status >= 500 && (span as Partial<ReadableSpan>).status?.code !== SpanStatusCode.ERROR) span.setStatus({ code: SpanStatusCode.ERROR });
      // Most recorded root spans are discarded by the tail decision: their attributes are only built when kept.
      // The context started no later than the span, so a span slow enough to keep is slow by this measure too.
      const spanContext = span.spanContext();
      const keep =
        (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ||
        status >= 500 ||
        this.binding.runtime?.tail?.isKept(spanContext.traceId) === true ||
        Number(process.hrtime.bigint() - ctx.startedAt) / 1e6 >= this.slowThresholdMs;
      if (keep) span.setAttributes(this.attributes(span, req, res, ctx.requestId));
    } finally {
      span.end();
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
      'http.response.status_code': status,
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
    const handler = req[HANDLER_KEY];
    if (typeof handler === 'string') attributes['code.function.name'] = handler;
    if (status >= 500) attributes['error.type'] = String(status);
    if (!res.writableFinished) attributes['http.request.aborted'] = true;
    return attributes;
  }
}
