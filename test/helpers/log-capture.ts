import type { DestinationStream } from 'pino';
import { eventually } from './eventually.js';

/** An in-memory log destination: every raw chunk pino writes, and each line parsed as JSON. */
export class LogCapture implements DestinationStream {
  readonly chunks: string[] = [];

  write(chunk: string): void {
    this.chunks.push(chunk);
  }

  /** Every line written so far, parsed. Fails loudly on a line that is not one JSON object. */
  get lines(): Record<string, unknown>[] {
    return this.chunks
      .join('')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Lines whose `msg` equals `msg`. */
  withMsg(msg: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l['msg'] === msg);
  }

  requestLines(): Record<string, unknown>[] {
    return this.withMsg('request completed');
  }

  /** Waits until a predicate over the lines holds (request lines are written when the response closes). */
  async waitFor(predicate: (lines: Record<string, unknown>[]) => boolean, timeoutMs = 10_000): Promise<void> {
    await eventually(() => predicate(this.lines), { timeoutMs, describe: () => `log lines never matched; got:\n${this.chunks.join('')}` });
  }
}
