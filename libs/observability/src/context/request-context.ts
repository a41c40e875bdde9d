import type { Span } from '@opentelemetry/api';
import type { HttpRequest } from '../common/index.js';
import { sanitizeUserId } from './request-id.js';

export type UserIdSource =
  { readonly kind: 'header'; readonly header: string } | { readonly kind: 'user'; readonly property: string } | { readonly kind: 'none' };

/** `process.hrtime.bigint()` at `performance.now()` 0: both read the same monotonic clock. */
const HRTIME_ORIGIN_NS = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));

/**
 * What is known about the request being served. One instance per request, shared by every pillar.
 * user_id is read lazily because an auth guard sets `req.user` after the context is created.
 */
export class RequestContext {
  /** Set by the tracing pillar when it starts the request's server span. */
  traceId?: string;
  spanId?: string;
  /**
   * Whether the request's trace is exported, once the tracing pillar has decided (before the other pillars' end of
   * request): metrics attach exemplars only to traces that exist. Unset without tracing.
   */
  traceKept?: boolean;
  /**
   * The request's server span, set by the tracing pillar when the request arrives, until the end-of-request listeners
   * have run. It is kept here rather than on the request object: every property added to Node's request costs a
   * hidden-class transition per request, and this object is the one the suite adds.
   */
  serverSpan?: Span;
  /** Whether the request's log line was written: a second LoggingModule in the same app sees the same request. */
  logged = false;
  /** Filled in when the route is known (by the interceptor, or at the end of the request). */
  route?: string;
  /** When the request arrived, in `performance.now()` milliseconds. */
  readonly startedAtMs = performance.now();
  /**
   * How long the request took, in milliseconds: read once when its response is done, before the end-of-request
   * listeners run, so that the log line, the metrics and the span see the same figure.
   */
  durationMs?: number;

  constructor(
    readonly requestId: string,
    private req?: HttpRequest,
    private readonly userIdSource: UserIdSource = { kind: 'none' },
    private explicitUserId?: string,
  ) {}

  get userId(): string | undefined {
    if (this.explicitUserId !== undefined) return this.explicitUserId;
    const req = this.req;
    if (!req) return undefined;
    switch (this.userIdSource.kind) {
      case 'header':
        return sanitizeUserId(req.headers[this.userIdSource.header]);
      case 'user':
        return sanitizeUserId(req.user?.[this.userIdSource.property]);
      default:
        return undefined;
    }
  }

  /**
   * Lets go of the request once its response is done, keeping what is still read from it (the user id). Node runs
   * work the request scheduled (a keep-alive socket's idle timer, a pending write, a timer of the app) inside the
   * request's AsyncLocalStorage frame, which holds this context until that work has run: the next request on the
   * same connection, seconds later. Holding the request too kept every open connection's last request alive, about
   * 5 KB each, through V8's young-generation collections, which grew the young generation and the RSS with it.
   */
  release(): void {
    this.serverSpan = undefined;
    if (this.req === undefined) return;
    if (this.explicitUserId === undefined && this.userIdSource.kind !== 'none') this.explicitUserId = this.userId;
    this.req = undefined;
  }

  /** When the request arrived, as `process.hrtime.bigint()` (nanoseconds). */
  get startedAt(): bigint {
    return HRTIME_ORIGIN_NS + BigInt(Math.round(this.startedAtMs * 1e6));
  }

  /** Milliseconds since the request arrived; fixed once the response is done. */
  elapsedMs(): number {
    return this.durationMs ?? performance.now() - this.startedAtMs;
  }

  /** Sets user_id explicitly (e.g. after authentication in a non-HTTP transport). */
  setUserId(userId: string | undefined): void {
    this.explicitUserId = sanitizeUserId(userId);
  }
}
