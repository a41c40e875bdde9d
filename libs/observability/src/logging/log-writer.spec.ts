import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogWriter } from './log-writer.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'obs-writer-')), 'app.log');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for real I/O to make `check` true (deadline 5 s), without timers: they may be fake. */
async function ioUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
const warningsOf = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((call) => String(call[0]));
/**
 * A writer to a new file, which it has opened and written "open\n" to, with 1000-byte chunks and a 200 ms linger on a
 * fake clock; the writes are real I/O, waited for (setImmediate and Date stay real).
 */
async function lingeringWriter(): Promise<{ writer: LogWriter; read: () => string }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const file = tempFile();
  const writer = new LogWriter({ output: file, chunkBytes: 1000, lingerMs: 200 });
  writer.write('open\n');
  await writer.flush();
  return { writer, read: () => readFileSync(file, 'utf8') };
}

describe('LogWriter', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('writes every line, in order, once flushed', async () => {
    const file = tempFile();
    const writer = new LogWriter({ output: file });
    for (let i = 0; i < 5000; i++) writer.write(`{"seq":${i}}\n`);
    await writer.flush();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5000);
    expect(lines.every((line, i) => line === `{"seq":${i}}`)).toBe(true);
    expect(writer.buffered).toBe(0);
    expect(writer.dropped).toBe(0);
  });

  it('holds small amounts until the linger time, and writes a full chunk at once', async () => {
    const { writer, read } = await lingeringWriter();
    writer.write('first\n');
    await vi.advanceTimersByTimeAsync(199);
    expect(read()).toBe('open\n');
    await vi.advanceTimersByTimeAsync(1);
    await ioUntil(() => read() === 'open\nfirst\n');
    writer.write(`${'x'.repeat(1200)}\n`);
    await ioUntil(() => read().length === 5 + 6 + 1201);
  });

  it('a flush waits for the lines written before it, and lines written after it keep to the linger', async () => {
    // The periodic flush once waited for the writer to go idle: under steady load it ran to its deadline, and every
    // write meanwhile went out as soon as the previous one ended, a few KB at a time instead of full chunks.
    const { writer, read } = await lingeringWriter();
    writer.write('before\n');
    let flushed = false;
    const flush = writer.flush(60_000).then(() => (flushed = true));
    writer.write('after\n'); // while the flush's write is in flight
    await ioUntil(() => flushed);
    await flush;
    expect(read()).toBe('open\nbefore\n');
    await vi.advanceTimersByTimeAsync(199);
    expect(read()).toBe('open\nbefore\n');
    await vi.advanceTimersByTimeAsync(1);
    await ioUntil(() => read() === 'open\nbefore\nafter\n');
  });

  it('a flush resolves while lines keep coming', async () => {
    const file = tempFile();
    const writer = new LogWriter({ output: file, lingerMs: 1 });
    writer.write('first\n');
    let flushed = false;
    void writer.flush(60_000).then(() => (flushed = true));
    let sent = 0;
    // A line every turn of the event loop: the writer is never idle until the stream stops.
    await ioUntil(() => {
      writer.write(`more ${sent++}\n`);
      return flushed;
    });
    expect(readFileSync(file, 'utf8').startsWith('first\n')).toBe(true);
    await writer.flush();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(sent + 2);
  });

  it('applies the format to each line, and writes the line as it came when the format throws', async () => {
    const file = tempFile();
    const writer = new LogWriter({
      output: file,
      format: (line) => {
        if (line.startsWith('!')) throw new Error('unformattable');
        return line.toUpperCase();
      },
    });
    writer.write('abc\n');
    expect(() => writer.write('!raw\n')).not.toThrow();
    await writer.flush();
    expect(readFileSync(file, 'utf8')).toBe('ABC\n!raw\n');
  });

  it('after a write error drops and counts every line, warns once, and flushes at once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const writer = new LogWriter({ output: '/dev/full' });
    writer.write('a\n');
    writer.write('b\n');
    await writer.flush();
    expect(writer.failed).toBe(true);
    writer.write('c\n');
    expect(writer.dropped).toBe(3);
    await writer.flush();
    expect(warningsOf(warn)).toEqual([
      'nestjs-observability: log destination /dev/full failed: ENOSPC: no space left on device, write; lines are being dropped',
    ]);
  });

  it('reports a file it cannot open as a failure, not an exception', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const writer = new LogWriter({ output: join(tmpdir(), 'no-such-dir-for-obs', 'app.log') });
    writer.write('a\n');
    await writer.flush();
    expect(writer.failed).toBe(true);
    expect(writer.dropped).toBe(1);
    expect(warningsOf(warn)[0]).toContain('failed: ENOENT');
  });

  it('holds at most maxBufferedBytes while the reader is stuck, counting what it refuses, and catches up after', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const fifo = join(mkdtempSync(join(tmpdir(), 'obs-fifo-')), 'pipe');
    execFileSync('mkfifo', [fifo]);
    // The reader end is open (so the writer's open succeeds) but nobody reads: the pipe fills, writes stall.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const writer = new LogWriter({ output: fifo, maxBufferedBytes: 256 * 1024, chunkBytes: 16 * 1024 });
      const line = `${'y'.repeat(99)}\n`;
      for (let i = 0; i < 10_000; i++) {
        writer.write(line);
        if (i % 1000 === 0) await sleep(5);
      }
      expect(writer.buffered).toBeLessThanOrEqual(256 * 1024);
      const dropped = writer.dropped;
      expect(dropped).toBeGreaterThan(0);
      expect(writer.failed).toBe(false);
      expect(warningsOf(warn)).toEqual(['nestjs-observability: log destination ' + fifo + ' is not keeping up; lines are being dropped']);
      // The reader wakes up: everything that was kept arrives.
      const flushed = writer.flush(10_000);
      let received = 0;
      const chunk = Buffer.alloc(64 * 1024);
      let done = false;
      void flushed.then(() => (done = true));
      while (!done || received < (10_000 - dropped) * line.length) {
        try {
          received += readSync(reader, chunk);
        } catch {
          await sleep(1);
        }
      }
      expect(received).toBe((10_000 - dropped) * line.length);
    } finally {
      closeSync(reader);
    }
  });

  it('writes lines that arrived during a slow write within the linger time, with no further call', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'obs-fifo-')), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const writer = new LogWriter({ output: fifo, chunkBytes: 1024, lingerMs: 20 });
      await sleep(20); // the FIFO is open
      writer.write(`${'z'.repeat(200 * 1024)}\n`); // more than the pipe holds: this write stays in flight
      await sleep(10);
      writer.write('tail\n'); // its linger runs out while the write is busy
      await sleep(100);
      let received = '';
      const chunk = Buffer.alloc(64 * 1024);
      const deadline = Date.now() + 2000;
      while (!received.endsWith('tail\n') && Date.now() < deadline) {
        try {
          received += chunk.toString('utf8', 0, readSync(reader, chunk));
        } catch {
          await sleep(2);
        }
      }
      expect(received.endsWith('tail\n')).toBe(true);
      expect(received).toHaveLength(200 * 1024 + 1 + 5);
    } finally {
      closeSync(reader);
    }
  });

  it('flushSync (what the exit hook calls) writes what waits in one attempt', async () => {
    const file = tempFile();
    const writer = new LogWriter({ output: file, lingerMs: 60_000 });
    writer.write('one\n');
    await writer.flush(); // the file is open from here on
    writer.write('two\n');
    writer.write('three\n');
    expect(readFileSync(file, 'utf8')).toBe('one\n');
    writer.flushSync();
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\nthree\n');
    expect(writer.buffered).toBe(0);
  });
});
