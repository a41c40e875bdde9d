import { close, open, write, writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

export interface LogWriterOptions {
  /** `stdout`, `stderr` or a file path (opened for appending; the directory must exist). */
  output: string;
  /** Applied to each line before it is buffered (the text format). */
  format?: (line: string) => string;
  /** What may wait in memory while the disk or the stdout reader is slower than the app; beyond it lines are dropped. */
  maxBufferedBytes?: number;
  /** A write starts as soon as this much is waiting… */
  chunkBytes?: number;
  /** …or this long after the first line that waits, whichever comes first. */
  lingerMs?: number;
}

const DEFAULTS = { maxBufferedBytes: 16 * 1024 * 1024, chunkBytes: 64 * 1024, lingerMs: 50 };
/** A non-blocking pipe (stdout read by a slow consumer) that is full: try again shortly. */
const RETRY_CODES = new Set(['EAGAIN', 'EWOULDBLOCK', 'EBUSY']);
const RETRY_DELAY_MS = 10;

/**
 * The log file / stdout writer. Lines gather in memory and go out in large asynchronous writes (64 KiB, or 50 ms
 * after the first waiting line): one request line then costs an array push, and the write syscalls — which run on
 * libuv's thread pool and, on a busy core, compete with the app — happen once per few hundred lines. (pino's
 * sonic-boom, which this replaces, wrote every 4 KiB and re-measured its growing string on every line; that was
 * most of what a request line cost.)
 *
 * Its failure never reaches the app. A write error (ENOSPC, EPIPE on a closed stdout, a file that cannot be opened)
 * is reported once as a process warning; from then on lines are counted and dropped. What it holds is bounded by
 * `maxBufferedBytes`; lines refused beyond it are counted too, with one warning. Flushing is asynchronous and
 * bounded by a deadline; at process exit, what is still waiting is written with one synchronous attempt — never a
 * retry loop, so a full disk or a stuck pipe cannot hang the exit.
 */
export class LogWriter implements DestinationStream {
  private readonly label: string;
  private readonly format: ((line: string) => string) | undefined;
  private readonly maxBufferedBytes: number;
  private readonly chunkBytes: number;
  private readonly lingerMs: number;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Bytes handed to the current write and not yet written (still held in memory). */
  private writingBytes = 0;
  private writing = false;
  private linger: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  private failure: Error | undefined;
  private droppedLines = 0;
  private warnedSlow = false;

  constructor(options: LogWriterOptions) {
    this.label = options.output;
    this.format = options.format;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes;
    this.chunkBytes = options.chunkBytes ?? DEFAULTS.chunkBytes;
    this.lingerMs = options.lingerMs ?? DEFAULTS.lingerMs;
    if (options.output === 'stdout') this.fd = 1;
    else if (options.output === 'stderr') this.fd = 2;
    else {
      open(options.output, 'a', 0o666, (error, fd) => {
        if (error) this.fail(error);
        else if (this.failure) close(fd, () => undefined);
        else {
          this.fd = fd;
          // Lines written before the file was open: out now if their linger already ran out (or a chunk is full,
          // or someone waits), else when it does.
          if (this.linger === undefined || this.pendingBytes >= this.chunkBytes || this.waiters.length > 0) this.kick();
        }
      });
    }
    exitFlush.track(this);
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Lines dropped because the destination had failed or the buffer was full. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** Bytes waiting in memory (queued plus being written). */
  get buffered(): number {
    return this.pendingBytes + this.writingBytes;
  }

  write(line: string): boolean {
    if (this.failure) {
      this.droppedLines++;
      return true;
    }
    const text = this.format ? this.formatted(line) : line;
    // String length, not UTF-8 bytes: it is what the queued strings hold, and it costs nothing to read.
    if (this.pendingBytes + this.writingBytes + text.length > this.maxBufferedBytes) {
      this.droppedLines++;
      if (!this.warnedSlow) {
        this.warnedSlow = true;
        process.emitWarning(`nestjs-observability: log destination ${this.label} is not keeping up; lines are being dropped`, {
          code: 'OBSERVABILITY_LOG_DESTINATION',
        });
      }
      return true;
    }
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= this.chunkBytes) this.kick();
    else this.linger ??= setTimeout(() => this.kick(), this.lingerMs).unref();
    return true;
  }

  /** The line as the format renders it; as it came if the format throws (a log call must never throw). */
  private formatted(line: string): string {
    try {
      return (this.format as (line: string) => string)(line);
    } catch {
      return line;
    }
  }

  /** Writes out what is waiting; resolves when written, when the destination fails, or at the deadline. */
  flush(deadlineMs = 2000): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, deadlineMs).unref();
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i !== -1) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
      this.kick();
    });
  }

  /** One synchronous attempt to write what is waiting (process exit: the event loop will not run again). */
  flushSync(): void {
    if (this.failure || this.fd === undefined || this.pending.length === 0) return;
    const data = Buffer.from(this.takePending());
    try {
      writeSync(this.fd, data);
    } catch {
      // Exit must not hang or throw on a full disk or a stuck pipe; the lines are lost either way.
    }
  }

  private idle(): boolean {
    return this.failure !== undefined || (!this.writing && this.pending.length === 0);
  }

  /** Starts a write of everything waiting, unless one is running (it starts the next when it ends). */
  private kick(): void {
    if (this.linger) {
      clearTimeout(this.linger);
      this.linger = undefined;
    }
    if (this.writing || this.failure || this.fd === undefined) return;
    if (this.pending.length === 0) {
      this.settle();
      return;
    }
    const lines = this.pending.length;
    const data = Buffer.from(this.takePending());
    this.writing = true;
    this.writingBytes = data.length;
    this.writeOut(this.fd, data, lines);
  }

  private takePending(): string {
    const text = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    return text;
  }

  private writeOut(fd: number, data: Buffer, lines: number): void {
    write(fd, data, 0, data.length, null, (error, written) => {
      if (error) {
        if (RETRY_CODES.has(error.code ?? '')) {
          setTimeout(() => this.writeOut(fd, data, lines), RETRY_DELAY_MS).unref();
          return;
        }
        this.droppedLines += lines;
        this.fail(error);
        return;
      }
      if (written < data.length) {
        const rest = data.subarray(written);
        this.writingBytes = rest.length;
        this.writeOut(fd, rest, lines);
        return;
      }
      this.writing = false;
      this.writingBytes = 0;
      // Lines that arrived meanwhile: go on at once if a chunk is ready or someone waits for a flush, else within
      // the linger time (a linger that ran out during the write found it busy and is gone).
      if (this.pendingBytes >= this.chunkBytes || this.waiters.length > 0) this.kick();
      else if (this.pending.length > 0) this.linger ??= setTimeout(() => this.kick(), this.lingerMs).unref();
      else this.settle();
    });
  }

  /** Resolves flush() callers once nothing is waiting or being written. */
  private settle(): void {
    if (!this.idle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.droppedLines += this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.writing = false;
    this.writingBytes = 0;
    if (this.linger) clearTimeout(this.linger);
    process.emitWarning(`nestjs-observability: log destination ${this.label} failed: ${error.message}; lines are being dropped`, {
      code: 'OBSERVABILITY_LOG_DESTINATION',
    });
    if (this.fd !== undefined && this.fd > 2) close(this.fd, () => undefined);
    this.settle();
  }
}

/**
 * At process exit, each live writer gets one synchronous attempt at what it still holds. Writers are held weakly,
 * so a closed app's writer is collected; one `exit` listener serves them all.
 */
const exitFlush = {
  writers: new Set<WeakRef<LogWriter>>(),
  listening: false,
  track(writer: LogWriter): void {
    for (const ref of this.writers) if (ref.deref() === undefined) this.writers.delete(ref);
    this.writers.add(new WeakRef(writer));
    if (this.listening) return;
    this.listening = true;
    process.once('exit', () => {
      for (const ref of this.writers) ref.deref()?.flushSync();
    });
  },
};
