import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable } from '@nestjs/common';
import type { Context } from '@opentelemetry/api';
import { context, createContextKey, isSpanContextValid, RandomIds, ROOT_CONTEXT, trace } from '../common/index.js';
import type { Server } from 'node:http';
import type { HttpRequest, HttpResponse } from '../common/index.js';
import type { ContextConfig } from '../config/index.js';
import { CONTEXT_IN_OTEL_KEY, CONTEXT_MODULE_OPTIONS, REQUEST_CONTEXT_KEY } from './context.constants.js';
import { RequestContext, type UserIdSource } from './request-context.js';
import {
  installRequestLifecycle,
  type ClientErrorListener,
  type RequestLifecycleRegistry,
  type ResponseListener,
} from './request-lifecycle.js';
import { acceptOrGenerateRequestId } from './request-id.js';

/** The identifiers every log line, span and alert of a request can carry. */
export interface ContextFields {
  request_id?: string;
  user_id?: string;
  trace_id?: string;
  span_id?: string;
}

/**
 * The request context: who and what the current request is, reachable anywhere in its async call tree.
 * Each instance owns its AsyncLocalStorage (no process-wide store), so two apps in one process never see each
 * other's requests.
 */
@Injectable()
export class RequestContextService {
  private registry: RequestLifecycleRegistry = {
    storage: new AsyncLocalStorage<RequestContext>(),
    listeners: new Set(),
    clientErrors: new Set(),
    otelKey: createContextKey('nestjs-observability request context'),
  };
  private readonly userIdSource: UserIdSource;
  private readonly requestIdHeader: string;
  private readonly ids = new RandomIds();

  constructor(@Inject(CONTEXT_MODULE_OPTIONS) private readonly config: ContextConfig) {
    this.requestIdHeader = config.request_id_header.toLowerCase();
    this.userIdSource =
      config.user_id_source === 'header'
        ? { kind: 'header', header: config.user_id_header.toLowerCase() }
        : config.user_id_source === 'user'
          ? { kind: 'user', property: config.user_id_property }
          : { kind: 'none' };
  }

  /** The current request's context, if code is running inside one. */
  current(): RequestContext | undefined {
    return this.registry.storage.getStore() ?? (context.active().getValue(this.registry.otelKey) as RequestContext | undefined);
  }

  /** request_id, user_id, trace_id and span_id of the current request (trace ids from the active span, if any). */
  fields(): ContextFields {
    const ctx = this.current();
    const span = trace.getActiveSpan()?.spanContext();
    const fields: ContextFields = {};
    if (ctx) {
      fields.request_id = ctx.requestId;
      const userId = ctx.userId;
      if (userId !== undefined) fields.user_id = userId;
    }
    if (span && isSpanContextValid(span)) {
      fields.trace_id = span.traceId;
      fields.span_id = span.spanId;
    } else if (ctx?.traceId) {
      fields.trace_id = ctx.traceId;
      if (ctx.spanId) fields.span_id = ctx.spanId;
    }
    return fields;
  }

  /**
   * The context of an HTTP request, created on first sight (request id accepted from the header or generated,
   * and echoed on the response) and then found again by every other part of the suite.
   */
  forRequest(req: HttpRequest, res?: HttpResponse): RequestContext {
    const existing = req[REQUEST_CONTEXT_KEY];
    if (existing instanceof RequestContext) return existing;
    const requestId = acceptOrGenerateRequestId(req.headers[this.requestIdHeader], this.config.request_id_max_length, this.ids);
    const ctx = new RequestContext(requestId, req, this.userIdSource);
    req[REQUEST_CONTEXT_KEY] = ctx;
    if (res && !res.headersSent) res.setHeader(this.config.request_id_header, requestId);
    return ctx;
  }

  /**
   * Calls `listener` when each request's response is done, with the request's context: one listener per pillar
   * (request log line, RED metrics) instead of one middleware and one event listener each.
   */
  onResponse(listener: ResponseListener): () => void {
    this.registry.listeners.add(listener);
    return () => this.registry.listeners.delete(listener);
  }

  /** Calls `listener` for each request the HTTP parser refused before any handler (431, 400): nothing else sees them. */
  onClientError(listener: ClientErrorListener): () => void {
    this.registry.clientErrors.add(listener);
    return () => this.registry.clientErrors.delete(listener);
  }

  /** Makes every request on `server` run inside its context. Idempotent per server. */
  attach(server: Server): void {
    this.registry = installRequestLifecycle(server, this.registry, (req, res) => this.forRequest(req, res));
  }

  /**
   * For the tracing pillar, which serves each request of `server` inside an OpenTelemetry context of its own: from
   * now on the request context travels in that context (see {@link carryIn}) and the lifecycle runs no
   * AsyncLocalStorage of its own. Refused (false) when OpenTelemetry's context manager does not propagate values
   * (none registered): the request context then keeps its own store.
   */
  carryInOpenTelemetry(server: Server): boolean {
    const probe = createContextKey('nestjs-observability probe');
    const propagates = context.with(ROOT_CONTEXT.setValue(probe, true), () => context.active().getValue(probe) === true);
    if (propagates) (server as Server & { [CONTEXT_IN_OTEL_KEY]?: true })[CONTEXT_IN_OTEL_KEY] = true;
    return propagates;
  }

  /** The key under which an OpenTelemetry context carries the request context (see {@link carryIn}). */
  get otelKey(): symbol {
    return this.registry.otelKey;
  }

  /** `active` with `ctx` as its request context. */
  carryIn(active: Context, ctx: RequestContext): Context {
    return active.setValue(this.registry.otelKey, ctx);
  }

  /** Runs `fn` inside `ctx` (for work that does not start from an HTTP request: jobs, queue consumers, RPC). */
  run<T>(ctx: RequestContext, fn: () => T): T {
    return this.registry.storage.run(ctx, fn);
  }

  /** Creates a context for non-HTTP work and runs `fn` in it. */
  runWith<T>(fields: { requestId?: string; userId?: string }, fn: () => T): T {
    const ctx = new RequestContext(
      acceptOrGenerateRequestId(fields.requestId, this.config.request_id_max_length, this.ids),
      undefined,
      { kind: 'none' },
      fields.userId,
    );
    return this.registry.storage.run(ctx, fn);
  }
}
