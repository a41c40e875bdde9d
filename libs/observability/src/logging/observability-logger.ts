import { Injectable, type LoggerService, type LogLevel as NestLogLevel } from '@nestjs/common';
import { trace, recordSpanException } from '../common/index.js';
import type { Level } from 'pino';
import { LoggingService } from './logging.service.js';

/** The logger context under which Nest's BaseExceptionFilter logs exceptions no filter handled. */
const NEST_EXCEPTIONS_HANDLER = 'ExceptionsHandler';

const NEST_TO_PINO: Record<NestLogLevel, Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * Nest's logger interface on top of the suite's pino logger: `app.useLogger(app.get(ObservabilityLogger))` and
 * every `new Logger(Context).log(...)` becomes a structured, redacted line with the request context.
 */
@Injectable()
export class ObservabilityLogger implements LoggerService {
  constructor(private readonly logging: LoggingService) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest's `setLogLevels` maps to the lowest level enabled. */
  setLogLevels(levels: NestLogLevel[]): void {
    const order: NestLogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    this.logging.setLevel(lowest ? NEST_TO_PINO[lowest] : 'silent');
  }

  private write(level: NestLogLevel, message: unknown, params: unknown[]): void {
    // Nest's exception handler logs every exception no filter handled (the 500s) here, inside the request: the
    // only point where the thrown error is visible without a global interceptor. It goes on the active span (the
    // request's server span when tracing is on; nothing happens when it is off), whatever the log level.
    if (level === 'error' && message instanceof Error && params.at(-1) === NEST_EXCEPTIONS_HANDLER) {
      const span = trace.getActiveSpan();
      // Event only: Nest also logs errors it answers with a 4xx (a malformed JSON body); the server span's status
      // follows the response (ERROR for 5xx) when it ends.
      if (span?.isRecording()) recordSpanException(span, message, false);
    }
    const logger = this.logging.logger;
    const pinoLevel = NEST_TO_PINO[level];
    if (!logger.isLevelEnabled(pinoLevel)) return;
    const rest = [...params];
    // Nest passes the context (the class name) as the last string argument.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields['context'] = context;
    // Nest's error(message, stack, context): a string that looks like a stack trace.
    if (level === 'error' || level === 'fatal') {
      const stack = rest.length > 0 && typeof rest[0] === 'string' && /\n\s+at /.test(rest[0]) ? (rest.shift() as string) : undefined;
      if (stack) fields['stack'] = stack;
    }
    if (rest.length === 1) fields['params'] = rest[0];
    else if (rest.length > 1) fields['params'] = rest;
    if (message instanceof Error) {
      fields['err'] = message;
      logger[pinoLevel](fields, message.message);
    } else if (message !== null && typeof message === 'object') {
      // pino's own calling convention, logger.warn({ ...fields }, 'message'), also works through Nest's Logger.
      const msg = typeof fields['params'] === 'string' ? fields['params'] : undefined;
      if (msg !== undefined) delete fields['params'];
      logger[pinoLevel]({ ...fields, ...(message as Record<string, unknown>) }, msg);
    } else {
      logger[pinoLevel](fields, String(message));
    }
  }
}
