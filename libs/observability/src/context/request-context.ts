import type { HttpRequest } from '../common/index.js';
import { sanitizeUserId } from './request-id.js';

export type UserIdSource =
  { readonly kind: 'header'; readonly header: string } | { readonly kind: 'user'; readonly property: string } | { readonly kind: 'none' };

/**
 * What is known about the request being served. One instance per request, shared by every pillar.
 * user_id is read lazily because an auth guard sets `req.user` after the context is created.
 */
export class RequestContext {
  /** Set by the tracing pillar when it starts the request's server span. */
  traceId?: string;
  spanId?: string;
  /** Filled in when the route is known (by the interceptor, or at the end of the request). */
  route?: string;
  readonly startedAt = process.hrtime.bigint();

  constructor(
    readonly requestId: string,
    private readonly req?: HttpRequest,
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

  /** Sets user_id explicitly (e.g. after authentication in a non-HTTP transport). */
  setUserId(userId: string | undefined): void {
    this.explicitUserId = sanitizeUserId(userId);
  }
}
