import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from '../common/http.types.js';
import { RequestContextService } from './request-context.service.js';

/** Enters the request's context for the rest of the middleware chain, the guards, the handler and everything it calls. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware<HttpRequest, HttpResponse> {
  constructor(private readonly contexts: RequestContextService) {}

  use(req: HttpRequest, res: HttpResponse, next: (error?: unknown) => void): void {
    const ctx = this.contexts.forRequest(req, res);
    if (this.contexts.current() === ctx) return next();
    this.contexts.run(ctx, next);
  }
}
