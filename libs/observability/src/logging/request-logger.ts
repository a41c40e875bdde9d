import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { responseStatusOf, type HttpRequest, type HttpResponse } from '../common/index.js';
import type { LoggingConfig } from '../config/index.js';
import { type RequestContext, RequestContextService, routeTemplateOf } from '../context/index.js';
import type { FlushableDestination } from './create-logger.js';
import { LOGGING_CONFIG, REQUEST_LOGGED_KEY } from './logging.constants.js';
import { LOG_DESTINATION, PINO_LOGGER } from './logging.service.js';
import { Redactor } from './redactor.js';
import { RejectionNotice } from './rejection-notice.js';
import { boundUserAgent, REQUEST_LINE_MSG, RequestLineWriter, requestLineFields, type RequestLine } from './request-line.js';

/**
 * One line per request when the response is done: method, route template, status, duration, the request's
 * context. Built from a handful of fields rather than serialising headers, which is most of what request logging
 * usually costs; written directly to the destination when it is a single JSON stream.
 */
@Injectable()
export class RequestLogger implements OnModuleInit, OnApplicationShutdown {
  private readonly ignored: ReadonlySet<string>;
  private readonly writer: RequestLineWriter | undefined;
  private unsubscribe?: () => void;

  constructor(
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(LOGGING_CONFIG) private readonly config: LoggingConfig,
    @Inject(LOG_DESTINATION) private readonly destination: FlushableDestination,
    private readonly contexts: RequestContextService,
  ) {
    this.ignored = new Set(config.request_log_ignore);
    // Several streams (e.g. Loki alongside the file) route by level inside pino, so those lines go through pino.
    const multistream = typeof (destination as { add?: unknown }).add === 'function';
    this.writer =
      config.format === 'json' && !multistream ? new RequestLineWriter(new Redactor(config.redact, config.max_value_length)) : undefined;
  }

  onModuleInit(): void {
    const offResponse = this.config.request_log ? this.contexts.onResponse((req, res, ctx) => this.log(req, res, ctx)) : undefined;
    const notice = new RejectionNotice((fields) => this.logger.warn(fields));
    const offRejected = this.contexts.onClientError((rejection) => notice.note(rejection));
    this.unsubscribe = () => {
      offResponse?.();
      offRejected();
    };
  }

  /** Only once the app's server has closed: requests served while it drains are logged too. */
  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  private log(req: HttpRequest, res: HttpResponse, ctx: RequestContext): void {
    // A second LoggingModule in the same app sees the same request: only the first writes its line.
    if (req[REQUEST_LOGGED_KEY] === true) return;
    req[REQUEST_LOGGED_KEY] = true;
    const route = routeTemplateOf(req);
    if (this.ignored.has(route)) return;
    const status = responseStatusOf(res);
    const aborted = !res.writableFinished;
    const level = aborted ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    const line: RequestLine = {
      level,
      requestId: ctx.requestId,
      userId: ctx.userId,
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      method: req.method,
      url: req.originalUrl ?? req.url,
      route,
      userAgent: boundUserAgent(req.headers['user-agent']),
      status,
      durationMs: Math.round(ctx.elapsedMs() * 1e3) / 1e3,
      aborted,
    };
    if (this.writer) this.writer.write(this.destination, line);
    else this.logger[level](requestLineFields(line), REQUEST_LINE_MSG);
  }
}
