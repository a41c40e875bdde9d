import { EventEmitter } from 'node:events';
import { parentPort } from 'node:worker_threads';
import { HttpLokiClient } from './loki-client.js';
import {
  CLOSED_EVENT,
  NOTICE_EVENT,
  STATS_EVENT,
  type LokiNotice,
  type LokiShutdownMessage,
  type LokiWorkerOptions,
  type LokiWorkerStats,
} from './loki-protocol.js';
import { LokiShipper } from './loki-shipper.js';

/**
 * The object thread-stream's worker writes into: it splits the chunks into lines for the shipper and always
 * accepts them (returning `false` would make the main thread queue lines without bound), reports counters to the
 * main thread, and closes after a bounded drain, either when asked (LOKI_SHUTDOWN) or when the stream ends.
 */
export class LokiDestination extends EventEmitter {
  private readonly shipper: LokiShipper;
  private readonly options: LokiWorkerOptions;
  private carry = '';
  private dirty = false;
  private readonly statsTimer: NodeJS.Timeout;
  private closing: Promise<void> | undefined;
  readonly writableNeedDrain = false;

  constructor(options: LokiWorkerOptions) {
    super();
    this.options = options;
    this.shipper = new LokiShipper(
      options,
      new HttpLokiClient(options.endpoint, options.headers, options.maxInFlight),
      () => {
        this.dirty = true;
      },
      (notice) => this.post(NOTICE_EVENT, notice),
    );
    this.statsTimer = setInterval(() => this.report(), options.statsIntervalMs);
    this.statsTimer.unref();
    parentPort?.on('message', (message: Partial<LokiShutdownMessage> | undefined) => {
      if (message?.code === 'LOKI_SHUTDOWN' && typeof message.deadline === 'number') void this.close(message.deadline);
    });
  }

  write(chunk: string): boolean {
    const text = this.carry + chunk;
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      if (nl > start) this.shipper.append(text.slice(start, nl));
      start = nl + 1;
    }
    this.carry = text.slice(start);
    return true;
  }

  /** thread-stream's FLUSH: every line written so far is already the shipper's. */
  flush(cb: (error?: Error) => void): void {
    cb();
  }

  /** The main thread ended the stream (pino's exit hook): drain within the shutdown timeout. */
  end(): void {
    void this.close(Date.now() + this.options.shutdownTimeoutMs);
  }

  private close(deadline: number): Promise<void> {
    this.closing ??= (async () => {
      if (this.carry.length > 0) this.shipper.append(this.carry);
      this.carry = '';
      const final = await this.shipper.shutdown(deadline);
      clearInterval(this.statsTimer);
      this.post(CLOSED_EVENT, final);
      // thread-stream's worker exits (code 0) on the destination's 'close'.
      setImmediate(() => this.emit('close'));
    })();
    return this.closing;
  }

  private report(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.post(STATS_EVENT, this.shipper.snapshot());
  }

  private post(name: string, payload: LokiWorkerStats | LokiNotice): void {
    parentPort?.postMessage({ code: 'EVENT', name, args: [payload] });
  }
}
