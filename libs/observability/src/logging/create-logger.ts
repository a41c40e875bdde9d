import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LoggingConfig } from '../config/index.js';
import type { RequestContextService } from '../context/index.js';
import type { LokiTransport } from './loki/loki-transport.js';
import { IsoClock } from './iso-clock.js';
import { LogWriter } from './log-writer.js';
import { Redactor } from './redactor.js';

/** A destination the suite can flush (asynchronously, within a deadline) at shutdown. */
export interface FlushableDestination extends DestinationStream {
  /** `keepAlive: false`: the deadline does not hold the process (a flush nobody awaits). */
  flush?(deadlineMs?: number, keepAlive?: boolean): Promise<void>;
  /** The shutdown flush: at the deadline, what is left is dropped and counted. */
  close?(deadlineMs?: number): Promise<void>;
}

export function createDestination(config: LoggingConfig): FlushableDestination {
  if (config.format === 'json') return new LogWriter({ output: config.output });
  // Text is for a human at a terminal. Formatting synchronously into the same writer (rather than through
  // pino-pretty's stream) keeps ordering and lets shutdown flush every line.
  // Loaded only for text output (pino-pretty and its dependencies are ~150 KB of code a JSON-logging app never runs).
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  const pretty = prettyFactory({
    colorize: config.output === 'stdout' && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return new LogWriter({ output: config.output, format: pretty });
}

/**
 * With Loki shipping on, every line goes to both the app's destination and the Loki transport (the same JSON
 * line). Both streams take every level: the logger's own level (changeable at runtime) is the only filter.
 */
export function withLoki(base: FlushableDestination, loki: LokiTransport | null): FlushableDestination {
  if (!loki) return base;
  const both = pino.multistream([
    { stream: base, level: 'trace' },
    { stream: loki, level: 'trace' },
  ]);
  return Object.assign(both, {
    flush: (deadlineMs?: number, keepAlive?: boolean) => base.flush?.(deadlineMs, keepAlive) ?? Promise.resolve(),
    close: (deadlineMs?: number) => (base.close ?? base.flush)?.call(base, deadlineMs) ?? Promise.resolve(),
  });
}

/**
 * The pino logger of one LoggingModule instance: string levels, ISO time, context fields on every line
 * (request_id, user_id, trace_id, span_id), and redaction of every field and message.
 */
export function createPinoLogger(config: LoggingConfig, destination: DestinationStream, contexts?: RequestContextService): Logger {
  const redactor = new Redactor(config.redact, config.max_value_length);
  const clock = new IsoClock();
  return pino(
    {
      level: config.level,
      messageKey: 'msg',
      errorKey: 'err',
      // The redactor has already turned every Error into a plain, redacted object; pino's own err serializer
      // would wrap that object again.
      serializers: { err: (value: unknown) => value },
      timestamp: () => `,"time":"${clock.now()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactor.redact(record),
      },
      // A line that already names its request (the request line, written after the request's context is gone)
      // brings its own fields.
      mixin: contexts ? (line) => ((line as { request_id?: unknown }).request_id === undefined ? contexts.fields() : {}) : undefined,
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i];
            if (typeof arg === 'string') (args as unknown[])[i] = redactor.string(arg);
          }
          method.apply(this, args);
        },
      },
    },
    destination,
  );
}
