import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { LoggingConfig } from '../config/schema/logging.schema.js';
import type { RequestContextService } from '../context/request-context.service.js';
import { DEFAULT_REDACT_KEYS } from './logging.constants.js';
import { Redactor } from './redactor.js';

/** A destination we can flush at shutdown. */
export interface FlushableDestination extends DestinationStream {
  flushSync?(): void;
  flush?(cb?: (err?: Error) => void): void;
  end?(): void;
}

export function createDestination(config: LoggingConfig): FlushableDestination {
  const dest = config.output === 'stdout' ? 1 : config.output === 'stderr' ? 2 : config.output;
  const base = pino.destination({ dest, sync: false, append: true, mkdir: false });
  if (config.format === 'json') return base;
  // Text is for a human at a terminal; it formats synchronously into the same asynchronous file descriptor writer.
  return PinoPretty({
    destination: base,
    colorize: config.output === 'stdout' && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
  }) as unknown as FlushableDestination;
}

/**
 * The pino logger of one LoggingModule instance: string levels, ISO time, context fields on every line
 * (request_id, user_id, trace_id, span_id), and redaction of every field and message.
 */
export function createPinoLogger(config: LoggingConfig, destination: DestinationStream, contexts?: RequestContextService): Logger {
  const redactor = new Redactor([...DEFAULT_REDACT_KEYS, ...config.redact], config.max_value_length);
  return pino(
    {
      level: config.level,
      messageKey: 'msg',
      errorKey: 'err',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactor.redact(record),
      },
      mixin: contexts ? () => contexts.fields() : undefined,
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
