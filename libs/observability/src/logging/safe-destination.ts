import type { DestinationStream } from 'pino';

/** The parts of pino's SonicBoom destination the suite relies on. */
export interface SonicBoomLike extends DestinationStream {
  flush(cb?: (err?: Error) => void): void;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'drop', listener: (data: unknown) => void): unknown;
  readonly destroyed?: boolean;
}

/**
 * Wraps the log file/stdout writer so that its failure never reaches the app. A write error (EPIPE on a closed
 * stdout, ENOSPC) is reported once as a process warning; from then on lines are counted and dropped, and the
 * writer is destroyed — which also keeps sonic-boom's synchronous exit flush, which retries such errors forever,
 * from hanging the process at exit. A writer that cannot keep up (a stalled disk, a slow stdout reader) holds at most
 * its `maxLength`; what it refuses beyond that is counted here. Flushing is asynchronous and bounded by a deadline.
 */
export class SafeDestination implements DestinationStream {
  private failure: Error | undefined;
  private droppedLines = 0;

  constructor(
    private readonly base: SonicBoomLike,
    private readonly label: string,
    private readonly format: (line: string) => string = (line) => line,
  ) {
    base.on('error', (error) => this.fail(error));
    base.on('drop', () => {
      this.droppedLines++;
      if (this.droppedLines === 1) {
        process.emitWarning(`nestjs-observability: log destination ${this.label} is not keeping up; lines are being dropped`, {
          code: 'OBSERVABILITY_LOG_DESTINATION',
        });
      }
    });
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Lines dropped because the destination had failed or its buffer was full. */
  get dropped(): number {
    return this.droppedLines;
  }

  write(line: string): boolean {
    if (this.failure) {
      this.droppedLines++;
      return true;
    }
    try {
      return this.base.write(this.format(line)) as unknown as boolean;
    } catch (error) {
      this.droppedLines++;
      this.fail(error as Error);
      return true;
    }
  }

  /** Writes out what is buffered; resolves when written, when the destination fails, or at the deadline. */
  flush(deadlineMs = 2000): Promise<void> {
    if (this.failure || this.base.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, deadlineMs);
      timer.unref();
      try {
        this.base.flush(() => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    process.emitWarning(`nestjs-observability: log destination ${this.label} failed: ${error.message}; lines are being dropped`, {
      code: 'OBSERVABILITY_LOG_DESTINATION',
    });
    try {
      this.base.destroy();
    } catch {
      // Already closed.
    }
  }
}
