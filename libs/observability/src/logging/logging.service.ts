import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Bindings, Logger } from 'pino';
import { LOG_LEVELS, type LoggingConfig, type LogLevel } from '../config/index.js';
import type { FlushableDestination } from './create-logger.js';
import { LOGGING_CONFIG } from './logging.constants.js';
import { UNKNOWN_LOG_LEVEL } from './logging.messages.js';

export const PINO_LOGGER = Symbol('OBSERVABILITY:PINO_LOGGER');
export const LOG_DESTINATION = Symbol('OBSERVABILITY:LOG_DESTINATION');

const FLUSH_INTERVAL_MS = 1000;
const SHUTDOWN_FLUSH_DEADLINE_MS = 2000;

/**
 * The application's structured logger: write logs that carry the request context, change the level at runtime,
 * and flush at shutdown. Inject it wherever Nest's `Logger` is not enough.
 */
@Injectable()
export class LoggingService implements OnApplicationShutdown {
  private readonly flushTimer: NodeJS.Timeout;

  constructor(
    @Inject(PINO_LOGGER) readonly logger: Logger,
    @Inject(LOG_DESTINATION) private readonly destination: FlushableDestination,
    @Inject(LOGGING_CONFIG) readonly config: LoggingConfig,
  ) {
    this.flushTimer = setInterval(() => this.flushAsync(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
  }

  get level(): LogLevel {
    return this.logger.level as LogLevel;
  }

  /** Lines the destination dropped (failed, or not keeping up) since startup. */
  get droppedLines(): number {
    return (this.destination as { dropped?: number }).dropped ?? 0;
  }

  /** Changes the level of every line written from now on. Throws on a level that does not exist. */
  setLevel(level: LogLevel): void {
    if (!(LOG_LEVELS as readonly string[]).includes(level)) {
      throw new Error(UNKNOWN_LOG_LEVEL(level));
    }
    this.logger.level = level;
  }

  /** A child logger with fixed fields (e.g. `{ component: 'billing' }`). */
  child(bindings: Bindings): Logger {
    return this.logger.child(bindings);
  }

  trace(obj: object | string, msg?: string): void {
    this.write('trace', obj, msg);
  }
  debug(obj: object | string, msg?: string): void {
    this.write('debug', obj, msg);
  }
  info(obj: object | string, msg?: string): void {
    this.write('info', obj, msg);
  }
  warn(obj: object | string, msg?: string): void {
    this.write('warn', obj, msg);
  }
  error(obj: object | string, msg?: string): void {
    this.write('error', obj, msg);
  }
  fatal(obj: object | string, msg?: string): void {
    this.write('fatal', obj, msg);
  }

  /** Writes out everything buffered; resolves when done, or at the deadline if the destination is stuck. */
  async flush(deadlineMs = SHUTDOWN_FLUSH_DEADLINE_MS): Promise<void> {
    await settled(() => this.destination.flush?.(deadlineMs));
  }

  /** The last flush: bounded by its deadline, after which what the destination has not taken is counted as dropped. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    const destination = this.destination;
    await settled(() => (destination.close ?? destination.flush)?.call(destination, SHUTDOWN_FLUSH_DEADLINE_MS));
  }

  /** The periodic flush: nobody awaits it, so it must not hold the process while the destination is slow. */
  private flushAsync(): void {
    void settled(() => this.destination.flush?.(SHUTDOWN_FLUSH_DEADLINE_MS, false));
  }

  private write(level: Exclude<LogLevel, 'silent'>, obj: object | string, msg?: string): void {
    if (typeof obj === 'string') this.logger[level](obj);
    else this.logger[level](obj, msg);
  }
}

/** Runs a destination's flush; a destination that cannot flush has already reported why, and shutdown must go on. */
async function settled(flush: () => Promise<void> | undefined): Promise<void> {
  try {
    await flush();
  } catch {
    // Reported by the destination.
  }
}
