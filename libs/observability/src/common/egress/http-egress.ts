import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EgressCommand, EgressReply } from './egress-protocol.js';

/** What became of one POST: the receiver's status, or why there was none. */
export interface EgressResult {
  readonly status?: number;
  /** `worker`: the worker thread could not start or died with the POST in flight. */
  readonly failure?: EgressReply['failure'] | 'worker';
  readonly detail?: string;
}

/** One POST: where, what, with which headers, and how long the receiver has to answer. */
export interface EgressRequest {
  readonly url: string;
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** The POST side of {@link HttpEgress}, as its users depend on it (tests give them their own). */
export interface EgressTransport {
  /** Never rejects. `signal` gives up on the POST (the result is then `aborted`, at once). */
  post(request: EgressRequest, signal?: AbortSignal): Promise<EgressResult>;
  close(): Promise<void>;
}

/**
 * POSTs the suite's background uploads from a worker thread instead of the app's own.
 *
 * Node's HTTP client (`node:http` or `fetch`) shares code with its HTTP server: streams, sockets, outgoing messages,
 * the parser. V8 optimises that code for what it has seen, so once the app's own thread also sends a POST now and
 * then, the server's path for every request gets slower and allocates more. Measured on the bench's trivial
 * endpoint, one 64 KB POST every 15 s to a receiver in another process (`bare-http-15s-ext`, `bare-fetch-15s-ext`):
 * about 5% more CPU per request over the 150 s measured; the same POSTs made from a worker thread, whose isolate
 * has its own optimised code, cost nothing measurable (docs/performance.md). An app that makes outbound calls of
 * its own has paid this already; one that does not should not pay it for its telemetry.
 *
 * The worker starts on the first POST and is unref'd: it keeps the process alive only while a POST is in flight,
 * as a socket would. If it dies, the POSTs in flight fail (`failure: 'worker'`) and the next one starts another.
 */
export class HttpEgress implements EgressTransport {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (result: EgressResult) => void>();

  post({ url, body, headers, timeoutMs }: EgressRequest, signal?: AbortSignal): Promise<EgressResult> {
    if (signal?.aborted) return Promise.resolve({ failure: 'aborted', detail: 'aborted' });
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      return Promise.resolve({ failure: 'worker', detail: (error as Error).message });
    }
    const id = this.nextId++;
    // A copy the worker takes over: the caller's buffer may be a view into a larger one it keeps using.
    const copy = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    return new Promise<EgressResult>((resolve) => {
      const onAbort = () => {
        this.send({ kind: 'abort', id });
        settle({ failure: 'aborted', detail: 'aborted' });
      };
      const settle = (result: EgressResult) => {
        if (!this.pending.delete(id)) return;
        signal?.removeEventListener('abort', onAbort);
        if (this.pending.size === 0) this.worker?.unref();
        resolve(result);
      };
      this.pending.set(id, settle);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.ref();
      this.send({ kind: 'post', id, url, body: copy, headers, timeoutMs }, [copy]);
    });
  }

  /** Fails what is in flight (`aborted`) and stops the worker. The egress can be used again afterwards. */
  async close(): Promise<void> {
    this.failAll({ failure: 'aborted', detail: 'aborted' });
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // Without the app's preloads: `--import nestjs-observability/register` would start a second SDK in the worker.
    const worker = new Worker(workerFile(), { execArgv: [] });
    worker.unref();
    worker.on('message', (reply: EgressReply) => {
      const { id, ...result } = reply;
      this.pending.get(id)?.(result);
    });
    const lost = (detail: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll({ failure: 'worker', detail });
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`egress worker exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private send(command: EgressCommand, transfer?: ArrayBuffer[]): void {
    this.worker?.postMessage(command, transfer);
  }

  private failAll(result: EgressResult): void {
    for (const settle of [...this.pending.values()]) settle(result);
  }
}

/** The worker's entry: compiled JavaScript in dist/, the TypeScript source when running from src/. */
function workerFile(): string {
  const js = fileURLToPath(new URL('./egress.worker.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./egress.worker.ts', import.meta.url));
}
