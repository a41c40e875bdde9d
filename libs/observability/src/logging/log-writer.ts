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

const DEFAULTS = { maxBufferedBytes: 16 * 1024 * 1024, chunkBytes: 256 * 1024, lingerMs: 50 };
/** A non-blocking pipe (stdout read by a slow consumer) that is full: try again shortly. */
const RETRY_CODES = new Set(['EAGAIN', 'EWOULDBLOCK', 'EBUSY']);
const RETRY_DELAY_MS = 10;

/**
 * The log file / stdout writer. Lines are encoded at once into fixed chunks of bytes (256 KiB) and go out in large
 * asynchronous writes (a full chunk, or 50 ms after the first line that waits): one request line then costs one
 * UTF-8 copy, and the write syscalls — which run on libuv's thread pool and, on a busy core, compete with the app —
 * happen once per several hundred lines. (A write to a file costs a fixed ~35 µs of CPU on top of its bytes here:
 * 256 KiB chunks cost half as much per byte as 64 KiB ones.) Chunks are reused once written, so a steady stream of
 * lines allocates nothing here, and a line's string is garbage as soon as it is copied (it is never held, so never
 * promoted by the GC).
 * (pino's sonic-boom, which this replaces, wrote every 4 KiB and re-measured its growing string on every line; that
 * was most of what a request line cost.)
 *
 * Its failure never reaches the app. A write error (ENOSPC, EPIPE on a closed stdout, a file that cannot be opened)
 * is reported once as a process warning; from then on lines are counted and dropped. What it holds is bounded by
 * `maxBufferedBytes` (encoded bytes, waiting or being written); lines refused beyond it are counted too, with one
 * warning. Flushing is asynchronous and bounded by a deadline that holds the process until it passes; the shutdown
 * flush (`close`) then counts what the destination did not take as dropped, with one warning. At process exit, what
 * is still waiting is written with one synchronous attempt — never a retry loop, so a full disk or a stuck pipe
 * cannot hang the exit.
 */
export class LogWriter implements DestinationStream {
  private readonly label: string;
  private readonly format: ((line: string) => string) | undefined;
  private readonly maxBufferedBytes: number;
  private readonly chunkBytes: number;
  private readonly lingerMs: number;
  private fd: number | undefined;
  /** Full chunks waiting to be written, oldest first, each with the number of lines it holds. */
  private sealed: Buffer[] = [];
  private sealedLines: number[] = [];
  /** The chunk lines are copied into, and how much of it is used. */
  private current: Buffer | undefined;
  private currentBytes = 0;
  private currentLines = 0;
  /** Written chunks kept for reuse. */
  private spare: Buffer[] = [];
  /** Bytes waiting (sealed and current), not yet handed to a write. */
  private pendingBytes = 0;
  /** Bytes handed to the current write and not yet written (still held in memory). */
  private writingBytes = 0;
  private writing = false;
  /** Lines in the write in flight, and whether a shutdown deadline already counted them as dropped. */
  private writingLines = 0;
  private writingGivenUp = false;
  private linger: NodeJS.Timeout | undefined;
  /**
   * Chunks sealed since startup, and chunks done with (written, dropped or given up on): both only grow, in the same
   * order, so a flush waits for the chunks that hold what came before it, `doneChunks >= target`, and no longer.
   */
  private sealedChunks = 0;
  private doneChunks = 0;
  private waiters: { target: number; resolve: () => void }[] = [];
  private failure: Error | undefined;
  private droppedLines = 0;
  private warnedSlow = false;
  private warnedShutdown = false;

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
          if (this.linger === undefined || this.sealed.length > 0 || this.waiters.length > 0) this.kick();
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
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the exact size is measured only where that bound matters.
    const room = this.maxBufferedBytes - this.pendingBytes - this.writingBytes;
    const free = this.current === undefined ? 0 : this.current.length - this.currentBytes;
    const bytes = text.length * 3 <= Math.min(room, free) ? -1 : Buffer.byteLength(text);
    if (bytes > room) {
      this.droppedLines++;
      if (!this.warnedSlow) {
        this.warnedSlow = true;
        process.emitWarning(`nestjs-observability: log destination ${this.label} is not keeping up; lines are being dropped`, {
          code: 'OBSERVABILITY_LOG_DESTINATION',
        });
      }
      return true;
    }
    if (bytes > free) {
      this.seal();
      if (bytes > this.chunkBytes) {
        // A line longer than a chunk is a chunk of its own.
        this.sealed.push(Buffer.from(text));
        this.sealedLines.push(1);
        this.sealedChunks++;
        this.pendingBytes += bytes;
        this.kick();
        return true;
      }
      this.current = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
    }
    this.commit(this.currentBytes + (this.current as Buffer).write(text, this.currentBytes));
    return true;
  }

  /**
   * For a caller that encodes a line's bytes itself (the request line, which then builds no string): the chunk to
   * encode into, at {@link cursor}, with room for `maxBytes`; {@link commit} must follow at once with where the line
   * ends. Undefined when the line must go through {@link write} instead, which counts and drops as it does for any
   * line: the writer has failed, lines are formatted, `maxBytes` is more than a chunk or more than the buffer's room.
   */
  reserve(maxBytes: number): Buffer | undefined {
    if (
      this.failure ||
      this.format ||
      maxBytes > this.chunkBytes ||
      maxBytes > this.maxBufferedBytes - this.pendingBytes - this.writingBytes
    ) {
      return undefined;
    }
    if (this.current === undefined || this.current.length - this.currentBytes < maxBytes) {
      this.seal();
      this.current = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
    }
    return this.current;
  }

  /** Where the next line starts in the chunk {@link reserve} returned. */
  get cursor(): number {
    return this.currentBytes;
  }

  /** The line just encoded at {@link cursor} ends at `end`: it is one line of the current chunk. */
  commit(end: number): void {
    this.pendingBytes += end - this.currentBytes;
    this.currentBytes = end;
    this.currentLines++;
    if (this.currentBytes >= this.chunkBytes) this.seal();
    // A full chunk goes out at once; a partial one within the linger time.
    if (this.sealed.length > 0) this.kick();
    else if (this.linger === undefined) this.lingerFromNow();
  }

  /**
   * Writes what waits once the linger time has passed. Its own method so that `commit`, which runs for every line,
   * has no closure: a closure over `this` would make V8 allocate a context on every call, timer or not.
   */
  private lingerFromNow(): void {
    this.linger = setTimeout(() => this.kick(), this.lingerMs).unref();
  }

  /** The line as the format renders it; as it came if the format throws (a log call must never throw). */
  private formatted(line: string): string {
    try {
      return (this.format as (line: string) => string)(line);
    } catch {
      return line;
    }
  }

  /**
   * Writes out what is waiting; resolves once every line written before the call is written (lines written after it
   * keep to the chunk and linger rules), when the destination fails, or at the deadline (what is left stays queued).
   * The deadline keeps the process alive until it passes, so a flush that is awaited always settles: a write waiting
   * for a full pipe retries on a timer that does not hold the process, so an unheld deadline let the process run out
   * of work and exit with the flush still pending. `keepAlive: false` is for flushes nobody awaits.
   */
  flush(deadlineMs = 2000, keepAlive = true): Promise<void> {
    return this.drain(deadlineMs, keepAlive, () => undefined);
  }

  /**
   * The shutdown flush: like `flush`, and at the deadline what is still waiting or being written is given up on —
   * counted as dropped with one warning — and a write stuck on a full pipe stops retrying. Lines written afterwards
   * are still taken (another shutdown hook may log), but nothing of this writer then outlives its own deadlines.
   */
  close(deadlineMs = 2000): Promise<void> {
    return this.drain(deadlineMs, true, () => this.giveUp(deadlineMs));
  }

  private drain(deadlineMs: number, keepAlive: boolean, atDeadline: () => void): Promise<void> {
    if (this.idle()) return Promise.resolve();
    // What came before this call is in the chunks sealed so far; lines that come after it do not hold it up (under
    // steady load the writer is never idle, and a flush that waited for idle ran to its deadline while turning
    // every write in between into a small one).
    this.seal();
    const target = this.sealedChunks;
    return new Promise((resolve) => {
      const waiters = this.waiters;
      const timer = setTimeout(() => {
        atDeadline();
        done();
      }, deadlineMs);
      if (!keepAlive) timer.unref();
      const waiter = { target, resolve: done };
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(waiter);
        if (i !== -1) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(waiter);
      this.kick();
    });
  }

  /** A shutdown deadline passed: what the destination has not taken is dropped and counted, with one warning. */
  private giveUp(deadlineMs: number): void {
    if (this.idle()) return;
    this.seal();
    let lines = 0;
    for (const n of this.sealedLines) lines += n;
    this.doneChunks += this.sealed.length;
    this.sealed = [];
    this.sealedLines = [];
    this.pendingBytes = 0;
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
    if (this.writing && !this.writingGivenUp) {
      // The write in flight stops retrying; if the destination takes it after all, it is counted back.
      this.writingGivenUp = true;
      lines += this.writingLines;
    }
    this.droppedLines += lines;
    if (lines > 0 && !this.warnedShutdown) {
      this.warnedShutdown = true;
      process.emitWarning(
        `nestjs-observability: log destination ${this.label} did not take ${lines} lines within the ${deadlineMs} ms shutdown deadline; they were dropped`,
        { code: 'OBSERVABILITY_LOG_DESTINATION' },
      );
    }
    this.settle();
  }

  /** One synchronous attempt to write what is waiting (process exit: the event loop will not run again). */
  flushSync(): void {
    if (this.failure || this.fd === undefined) return;
    this.seal();
    const chunks = this.sealed;
    this.doneChunks += chunks.length;
    this.sealed = [];
    this.sealedLines = [];
    this.pendingBytes = 0;
    try {
      for (const chunk of chunks) writeSync(this.fd, chunk);
    } catch {
      // Exit must not hang or throw on a full disk or a stuck pipe; the lines are lost either way.
    }
  }

  private idle(): boolean {
    return this.failure !== undefined || (!this.writing && this.pendingBytes === 0);
  }

  /** Moves the current chunk, if it holds anything, to the chunks waiting to be written. */
  private seal(): void {
    if (this.current === undefined || this.currentBytes === 0) return;
    this.sealed.push(this.currentBytes === this.current.length ? this.current : this.current.subarray(0, this.currentBytes));
    this.sealedLines.push(this.currentLines);
    this.sealedChunks++;
    this.current = undefined;
    this.currentBytes = 0;
    this.currentLines = 0;
  }

  /** Starts writing the oldest waiting chunk, unless a write is running (it starts the next when it ends). */
  private kick(): void {
    if (this.linger) {
      clearTimeout(this.linger);
      this.linger = undefined;
    }
    if (this.writing || this.failure || this.fd === undefined) return;
    if (this.sealed.length === 0) this.seal();
    const data = this.sealed.shift();
    if (data === undefined) {
      this.settle();
      return;
    }
    const lines = this.sealedLines.shift() ?? 0;
    this.pendingBytes -= data.length;
    this.writing = true;
    this.writingBytes = data.length;
    this.writingLines = lines;
    this.writingGivenUp = false;
    this.writeOut(this.fd, data, data, lines);
  }

  private writeOut(fd: number, chunk: Buffer, data: Buffer, lines: number): void {
    write(fd, data, 0, data.length, null, (error, written) => {
      if (error) {
        if (RETRY_CODES.has(error.code ?? '')) {
          if (this.writingGivenUp) {
            this.writeDone(chunk);
            return;
          }
          setTimeout(() => this.writeOut(fd, chunk, data, lines), RETRY_DELAY_MS).unref();
          return;
        }
        if (!this.writingGivenUp) this.droppedLines += lines;
        this.fail(error);
        return;
      }
      if (written < data.length) {
        const rest = data.subarray(written);
        this.writingBytes = rest.length;
        this.writeOut(fd, chunk, rest, lines);
        return;
      }
      // Written after all: a shutdown deadline that counted these lines as dropped was wrong about them.
      if (this.writingGivenUp) this.droppedLines -= lines;
      this.writeDone(chunk);
    });
  }

  /** The write in flight is over (written, or given up on at a shutdown deadline): on to what waits. */
  private writeDone(chunk: Buffer): void {
    this.writing = false;
    this.writingBytes = 0;
    this.writingLines = 0;
    this.writingGivenUp = false;
    this.doneChunks++;
    this.reuse(chunk);
    this.settle();
    // Lines that arrived meanwhile: go on at once if a chunk is ready (full, or sealed by a flush), else within the
    // linger time (a linger that ran out during the write found it busy and is gone).
    if (this.sealed.length > 0) this.kick();
    else if (this.pendingBytes > 0 && this.linger === undefined) this.lingerFromNow();
  }

  /** A written chunk of the standard size (or a view of one) goes back to the pool: two spares at most. */
  private reuse(chunk: Buffer): void {
    const whole =
      chunk.byteOffset === 0 && chunk.buffer.byteLength === this.chunkBytes ? Buffer.from(chunk.buffer, 0, this.chunkBytes) : undefined;
    if (whole && this.spare.length < 2) this.spare.push(whole);
  }

  /** Resolves the flush() callers whose chunks are done with (all of them once the destination has failed). */
  private settle(): void {
    if (this.waiters.length === 0) return;
    const failed = this.failure !== undefined;
    for (const waiter of [...this.waiters]) if (failed || waiter.target <= this.doneChunks) waiter.resolve();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.seal();
    for (const lines of this.sealedLines) this.droppedLines += lines;
    this.sealed = [];
    this.sealedLines = [];
    this.spare = [];
    this.pendingBytes = 0;
    this.writing = false;
    this.writingBytes = 0;
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
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
