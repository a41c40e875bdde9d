import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { responseStatusOf, type HttpRequest, type HttpResponse } from '../common/index.js';
import type { LoggingConfig } from '../config/index.js';
import { type RequestContext, RequestContextService, routeTemplateOf } from '../context/index.js';
import type { FlushableDestination } from './create-logger.js';
import { LOGGING_CONFIG } from './logging.constants.js';
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
  private readonly line: RequestLine = {
    level: 'info',
    requestId: '',
    userId: undefined,
    traceId: undefined,
    spanId: undefined,
    method: undefined,
    url: undefined,
    route: '',
    userAgent: undefined,
    status: 0,
    durationMs: 0.5, // a fraction: the field holds doubles from the start
    aborted: false,
  };
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
    if (ctx.logged) return;
    ctx.logged = true;
    const route = routeTemplateOf(req);
    if (this.ignored.has(route)) return;
    const status = responseStatusOf(res);
    const aborted = !res.writableFinished;
    const level = aborted ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!this.logger.isLevelEnabled(level)) return;
    // One object for every line, filled in place: writing a line is synchronous, and nothing keeps it.
    const line = this.line;
    line.level = level;
    line.requestId = ctx.requestId;
    line.userId = ctx.userId;
    line.traceId = ctx.traceId;
    line.spanId = ctx.spanId;
    line.method = req.method;
    line.url = req.originalUrl ?? req.url;
    line.route = route;
    line.userAgent = boundUserAgent(req.headers['user-agent']);
    line.status = status;
    line.durationMs = Math.round(ctx.elapsedMs() * 1e3) / 1e3;
    line.aborted = aborted;
    if (this.writer) this.writer.write(this.destination, line);
    else this.logger[level](requestLineFields(line), REQUEST_LINE_MSG);
  }
}
