import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { Logger } from 'pino';
import type { HttpRequest, HttpResponse } from '../common/http.types.js';
import type { LoggingConfig } from '../config/schema/logging.schema.js';
import type { RequestContext } from '../context/request-context.js';
import { RequestContextService } from '../context/request-context.service.js';
import { routeTemplateOf } from '../context/route-template.js';
import { LOGGING_CONFIG, REQUEST_LOGGED_KEY } from './logging.constants.js';
import { PINO_LOGGER } from './logging.service.js';

const USER_AGENT_MAX = 256;

/**
 * One line per request when the response is done: method, route template, status, duration. Built from a
 * handful of fields rather than serialising headers, which is most of what request logging usually costs.
 */
@Injectable()
export class RequestLoggingMiddleware implements NestMiddleware<HttpRequest, HttpResponse> {
  private readonly ignored: ReadonlySet<string>;

  constructor(
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(LOGGING_CONFIG) config: LoggingConfig,
    private readonly contexts: RequestContextService,
  ) {
    this.ignored = new Set(config.request_log_ignore);
  }

  use(req: HttpRequest, res: HttpResponse, next: (error?: unknown) => void): void {
    if (req[REQUEST_LOGGED_KEY] !== true) {
      req[REQUEST_LOGGED_KEY] = true;
      const ctx = this.contexts.forRequest(req, res);
      res.once('close', () => this.logRequest(req, res, ctx));
    }
    next();
  }

  private logRequest(req: HttpRequest, res: HttpResponse, ctx: RequestContext): void {
    try {
      const route = ctx.route ?? routeTemplateOf(req);
      if (this.ignored.has(route)) return;
      const status = res.statusCode;
      const level = !res.writableFinished ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!this.logger.isLevelEnabled(level)) return;
      const durationMs = Number(process.hrtime.bigint() - ctx.startedAt) / 1e6;
      const userAgent = req.headers['user-agent'];
      const line: Record<string, unknown> = {
        request_id: ctx.requestId,
        req: {
          method: req.method,
          url: req.originalUrl ?? req.url,
          route,
          user_agent: userAgent && userAgent.length > USER_AGENT_MAX ? `${userAgent.slice(0, USER_AGENT_MAX)}...[truncated ${userAgent.length - USER_AGENT_MAX} chars]` : userAgent,
        },
        res: { status_code: status },
        duration_ms: Math.round(durationMs * 1000) / 1000,
      };
      const userId = ctx.userId;
      if (userId !== undefined) line['user_id'] = userId;
      if (ctx.traceId) {
        line['trace_id'] = ctx.traceId;
        if (ctx.spanId) line['span_id'] = ctx.spanId;
      }
      if (!res.writableFinished) line['aborted'] = true;
      this.logger[level](line, 'request completed');
    } catch {
      // A log line must never turn into an error for a request that has already been answered.
    }
  }
}
