import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The destination is a controllable fake of `fs.write`: every write call waits in `calls` until the test answers it
 * (written, or EAGAIN as from a full non-blocking pipe such as a stdout nobody reads).
 */
type WriteCallback = (error: NodeJS.ErrnoException | null, written: number) => void;
const io = vi.hoisted(() => ({ calls: [] as { data: string; callback: WriteCallback }[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    write: (_fd: number, buffer: Buffer, offset: number, length: number, _position: null, callback: WriteCallback) => {
      io.calls.push({ data: buffer.toString('utf8', offset, offset + length), callback });
    },
  };
});
const { LogWriter } = await import('./log-writer.js');

const eagain = (): NodeJS.ErrnoException => Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
/** Answers the oldest write call still waiting. */
function answer(error: NodeJS.ErrnoException | null, written?: number): void {
  const call = io.calls.shift();
  if (!call) throw new Error('no write is waiting');
  call.callback(error, error ? 0 : (written ?? Buffer.byteLength(call.data)));
}

describe('LogWriter at shutdown, on a destination that stops taking bytes', () => {
  beforeEach(() => {
    io.calls.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('close() settles at its deadline with a write retrying EAGAIN, drops what is left with one warning, and stops retrying', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const writer = new LogWriter({ output: 'stdout', chunkBytes: 64, lingerMs: 50 });
    writer.write('first line of the first chunk........................\n');
    writer.write('second line: the first chunk is full\n');
    expect(io.calls).toHaveLength(1); // the full chunk went out at once
    writer.write('waiting 1\n');
    writer.write('waiting 2\n');
    let closed = false;
    void writer.close(2000).then(() => (closed = true));
    // The pipe is full: the write fails with EAGAIN and is retried every 10 ms until the deadline.
    answer(eagain());
    for (let t = 0; t < 1990; t += 10) {
      await vi.advanceTimersByTimeAsync(10);
      answer(eagain());
    }
    expect(closed).toBe(false);
    expect(writer.dropped).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(closed).toBe(true);
    // The line being written and the three waiting.
    expect(writer.dropped).toBe(4);
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
      'nestjs-observability: log destination stdout did not take 4 lines within the 2000 ms shutdown deadline; they were dropped',
    ]);
    // The retry that was already scheduled finds the write given up on: no further attempt, nothing waits.
    await vi.advanceTimersByTimeAsync(10);
    expect(io.calls).toHaveLength(1);
    answer(eagain());
    await vi.advanceTimersByTimeAsync(100);
    expect(io.calls).toHaveLength(0);
    expect(writer.buffered).toBe(0);
  });

  it('counts a given-up write back when the destination takes it after all', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const writer = new LogWriter({ output: 'stdout', chunkBytes: 32, lingerMs: 50 });
    writer.write('a line that fills one chunk....\n');
    expect(io.calls).toHaveLength(1);
    const closed = writer.close(100);
    await vi.advanceTimersByTimeAsync(100);
    await closed;
    expect(writer.dropped).toBe(1);
    answer(null);
    expect(writer.dropped).toBe(0);
    expect(writer.buffered).toBe(0);
  });

  it('flush() at its deadline keeps what is left queued and written later', async () => {
    const writer = new LogWriter({ output: 'stdout', chunkBytes: 1024, lingerMs: 50 });
    writer.write('one\n');
    const flushed = writer.flush(100);
    expect(io.calls.map((c) => c.data)).toEqual(['one\n']);
    writer.write('two\n');
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    expect(writer.dropped).toBe(0);
    answer(null);
    // Within the linger time, with no further call.
    await vi.advanceTimersByTimeAsync(50);
    expect(io.calls.map((c) => c.data)).toEqual(['two\n']);
    answer(null);
    expect(writer.buffered).toBe(0);
  });
});

/**
 * The reported failure, end to end: a process logs to its stdout, a pipe nobody reads, then awaits the shutdown
 * flush. The write waits for the pipe on a retry timer that does not hold the process; with a flush deadline that
 * did not hold it either, the process ran out of work and exited with the flush never settled (Node's exit code 13,
 * "unsettled top-level await"), skipping whatever the app does after `close()`.
 */
describe('LogWriter on a stdout pipe nobody reads', () => {
  /** Runs `call` (`flush` or `close`) in a child whose stdout is never read; its exit code and stderr. */
  async function stuckStdout(call: 'flush' | 'close'): Promise<{ code: number | null; stderr: string }> {
    const writerUrl = new URL('./log-writer.ts', import.meta.url).href;
    const script = `
      import { LogWriter } from ${JSON.stringify(writerUrl)};
      void process.stdout; // as in any app: stdout is now a non-blocking pipe
      const writer = new LogWriter({ output: 'stdout' });
      for (let i = 0; i < 5000; i++) writer.write('{"seq":' + i + ',"pad":"' + 'x'.repeat(80) + '"}\\n');
      await writer.${call}(200);
      process.stderr.write('settled dropped=' + writer.dropped + '\\n');
    `;
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause(); // nobody reads: the pipe fills and stays full
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    child.stdout.destroy();
    return { code, stderr };
  }

  it('an awaited flush() settles at its deadline, keeping what is left', async () => {
    const { code, stderr } = await stuckStdout('flush');
    expect({ code, settled: stderr.includes('settled dropped=0\n') }).toEqual({ code: 0, settled: true });
  });

  it('close() settles at its deadline, counts what is left as dropped with one warning, and the process exits normally', async () => {
    const { code, stderr } = await stuckStdout('close');
    expect({ code, settled: /settled dropped=[1-9]\d*\n/.test(stderr) }).toEqual({ code: 0, settled: true });
    expect(stderr).toContain('[OBSERVABILITY_LOG_DESTINATION] Warning: nestjs-observability: log destination stdout did not take');
    expect(stderr.match(/shutdown deadline/g)).toHaveLength(1);
  });
});
