import type { Server } from 'node:http';
import { responseStatusOf, type HttpRequest, type HttpResponse, isSpanContextValid, trace } from '../../common/index.js';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type RequestContext, RequestContextService, routeTemplateOf } from '../../context/index.js';
import type { BoundCounter, BoundHistogram, GuardedCounter, GuardedHistogram } from '../cardinality/guarded-metrics.js';
import { ERROR_CLASSIFIER } from '../metrics.constants.js';
import { MetricsService } from '../metrics.service.js';
import { classifyStatus, ERROR_TYPES } from './error-classifier.js';

/** Metric names (without the namespace) of the RED metrics; the examples generator reads them from here. */
export const RED_METRICS = {
  requests: 'requests_total',
  duration: 'request_duration_seconds',
  errors: 'errors_total',
  activeConnections: 'active_connections',
  rejected: 'http_rejected_requests_total',
} as const;

/** Past this many (method, route, status) combinations, children are no longer cached (the budget still applies). */
const MAX_CACHED_CHILDREN = 5_000;

interface RouteChildren {
  requests: BoundCounter;
  duration: BoundHistogram;
}

/**
 * RED metrics for every request the HTTP server receives, recorded when its response is done (the request
 * context's end-of-request listener, which sits on the server itself, not in Nest's pipeline), so requests that
 * never reach a handler are counted too: 404s, guard rejections, body-parser errors. The duration runs from the
 * first byte. Errors a handler threw are classified by the interceptor, the rest by status. Label children are
 * cached per (method, route, status), so a request costs two map lookups.
 */
@Injectable()
export class RequestMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly enabled: boolean;
  private readonly exemplars: boolean;
  private readonly requests?: GuardedCounter<'method' | 'endpoint' | 'status_code'>;
  private readonly duration?: GuardedHistogram<'method' | 'endpoint'>;
  private readonly errors?: GuardedCounter<'method' | 'endpoint' | 'error_type'>;
  private readonly rejected?: GuardedCounter<'status_code' | 'reason'>;
  /** method → endpoint → status → children. */
  private readonly children = new Map<string, Map<string, Map<number | string, RouteChildren>>>();
  private cachedChildren = 0;
  /** Error types noted by the interceptor, per request; weak, so an unfinished request leaks nothing. */
  private readonly noted = new WeakMap<HttpRequest, string>();
  private server?: Server;
  private unsubscribe?: () => void;

  constructor(
    private readonly metrics: MetricsService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly contexts: RequestContextService,
    @Inject(ERROR_CLASSIFIER) private readonly classify: (error: unknown) => string,
  ) {
    const config = metrics.config;
    this.enabled = config.enabled && config.request_metrics;
    this.exemplars = config.exemplars;
    if (!this.enabled) return;
    this.requests = metrics.counter({
      name: RED_METRICS.requests,
      help: 'HTTP requests by method, route template and status code.',
      labelNames: ['method', 'endpoint', 'status_code'],
    });
    this.duration = metrics.histogram({
      name: RED_METRICS.duration,
      help: 'HTTP request duration in seconds, by method and route template.',
      labelNames: ['method', 'endpoint'],
      buckets: config.buckets,
    });
    this.errors = metrics.counter({
      name: RED_METRICS.errors,
      help: 'Failed HTTP requests (status >= 400 or aborted) by method, route template and error type.',
      labelNames: ['method', 'endpoint', 'error_type'],
    });
    metrics.gauge({
      name: RED_METRICS.activeConnections,
      help: 'Open connections to the HTTP server.',
      collect: async function (this: { set(v: number): void }) {
        this.set(await connectionsOf(server()));
      },
    });
    const server = (): Server | undefined => this.server;
    this.rejected = metrics.counter({
      name: RED_METRICS.rejected,
      help: "Requests Node's HTTP parser refused before any handler saw them, by the status answered and why.",
      labelNames: ['status_code', 'reason'],
    });
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.getConnections === 'function') this.server = server;
    const offResponse = this.contexts.onResponse((req, res, ctx) => this.onResponse(req, res, ctx));
    const offRejected = this.contexts.onClientError((r) => this.rejected!.inc({ status_code: String(r.status), reason: r.reason }));
    this.unsubscribe = () => {
      offResponse();
      offRejected();
    };
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.server = undefined;
  }

  /** Called by the interceptor with what a handler threw. */
  noteError(req: HttpRequest, error: unknown): void {
    try {
      this.noted.set(req, this.classify(error));
    } catch {
      this.noted.set(req, ERROR_TYPES.unknown);
    }
  }

  /** Records one operation that did not come over HTTP (RPC, WebSocket), measured by the interceptor. */
  recordOperation(method: string, endpoint: string, seconds: number, error: unknown, failed: boolean): void {
    if (!this.enabled) return;
    const status = failed ? 'ERROR' : 'OK';
    const children = this.childrenFor(method, endpoint, status);
    children.requests.inc();
    children.duration.observe(seconds, this.exemplars ? activeTraceId() : undefined);
    if (failed) this.errors!.inc({ method, endpoint, error_type: safeClassify(this.classify, error) });
  }

  private onResponse(req: HttpRequest, res: HttpResponse, ctx: RequestContext): void {
    const endpoint = ctx.route ?? routeTemplateOf(req);
    if (endpoint === this.metrics.config.path && this.metrics.config.port === undefined) return;
    const method = req.method ?? 'UNKNOWN';
    const aborted = !res.writableFinished;
    const statusCode = responseStatusOf(res);
    const seconds = ctx.elapsedMs() / 1e3;
    const children = this.childrenFor(method, endpoint, statusCode);
    children.requests.inc();
    // An exemplar must lead to a trace: none for one the tracing pillar dropped (most of them, when it samples).
    children.duration.observe(seconds, this.exemplars && ctx.traceKept !== false ? ctx.traceId : undefined);
    if (aborted || statusCode >= 400) {
      const errorType = this.noted.get(req) ?? (aborted ? ERROR_TYPES.aborted : classifyStatus(statusCode));
      this.errors!.inc({ method, endpoint, error_type: errorType });
    }
  }

  /**
   * The cached children of a label set, found through nested maps keyed by the values themselves: no key string is
   * built per request.
   */
  private childrenFor(method: string, endpoint: string, status: number | string): RouteChildren {
    let byEndpoint = this.children.get(method);
    if (!byEndpoint) this.children.set(method, (byEndpoint = new Map()));
    let byStatus = byEndpoint.get(endpoint);
    if (!byStatus) byEndpoint.set(endpoint, (byStatus = new Map()));
    let children = byStatus.get(status);
    if (!children) {
      const statusCode = String(status);
      children = {
        requests: this.requests!.bind({ method, endpoint, status_code: statusCode }),
        duration: this.durationFor(method, endpoint, byStatus),
      };
      if (this.cachedChildren < MAX_CACHED_CHILDREN) {
        this.cachedChildren++;
        byStatus.set(status, children);
      }
    }
    return children;
  }

  /** The duration child of (method, endpoint): shared by its statuses, so taken from a sibling when there is one. */
  private durationFor(method: string, endpoint: string, siblings: Map<number | string, RouteChildren>): BoundHistogram {
    for (const sibling of siblings.values()) return sibling.duration;
    return this.duration!.bind({ method, endpoint });
  }
}

function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? span.traceId : undefined;
}

function safeClassify(classify: (error: unknown) => string, error: unknown): string {
  try {
    return classify(error);
  } catch {
    return ERROR_TYPES.unknown;
  }
}

function connectionsOf(server: Server | undefined): Promise<number> {
  if (!server) return Promise.resolve(0);
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}
