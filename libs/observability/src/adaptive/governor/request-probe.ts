import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

type RequestListener = (this: Server, req: IncomingMessage, res: ServerResponse) => void;

/** Timed requests kept per interval (the first ones; the rest of the interval is counted, not timed). */
const MAX_TIMED = 512;
/** Share of the slowest timed requests left out of the mean (see {@link RequestProbe.take}). */
const TRIMMED_SHARE = 0.1;

/** Marks a server whose requests are already counted (a second governor in the same app counts none). */
const PROBED_KEY = Symbol.for('nestjs-observability.adaptive.probed');

/**
 * Counts the requests of one HTTP server and times the suite's end-of-request work (request log line, RED
 * metrics, server span end and its export hand-off) for one request in `every`. It wraps the server's request
 * listeners once the other pillars have wrapped theirs, so it is the outermost: for a timed request it adds one
 * `close` listener before theirs and one after, and the time between the two is the suite's (synchronous work on
 * the event loop: elapsed time is its CPU time, unless the OS interrupts it). Other requests cost a decrement and a
 * comparison.
 */
export class RequestProbe {
  private requests = 0;
  private countdown: number;
  private readonly timedMs = new Float64Array(MAX_TIMED);
  private timed = 0;
  private detach?: () => void;

  constructor(
    private readonly every: number,
    /** Milliseconds, monotonic. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.countdown = every;
  }

  /** Wraps `server`'s request listeners (false when another probe already did). */
  attach(server: Server): boolean {
    const target = server as Server & { [PROBED_KEY]?: true };
    if (target[PROBED_KEY]) return false;
    target[PROBED_KEY] = true;
    const handlers = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listener's own `this` is the server
    const probe = this;
    const listener = function (this: Server, req: IncomingMessage, res: ServerResponse): void {
      probe.requests++;
      if (--probe.countdown > 0) {
        for (const handler of handlers) handler.call(this, req, res);
        return;
      }
      probe.countdown = probe.every;
      probe.timeOne(this, handlers, req, res);
    };
    server.on('request', listener);
    this.detach = () => {
      server.removeListener('request', listener);
      for (const handler of handlers) server.on('request', handler);
      delete target[PROBED_KEY];
    };
    return true;
  }

  /** Puts the server's listeners back as they were. Idempotent. */
  stop(): void {
    this.detach?.();
    this.detach = undefined;
  }

  /**
   * Requests since the previous call, and the mean time of the suite's work over the requests timed (undefined:
   * none), the slowest tenth left out: a measurement the OS interrupted (the thread descheduled on a busy machine)
   * reads as milliseconds and would otherwise outweigh hundreds of real ones.
   */
  take(): { requests: number; overheadSeconds: number | undefined } {
    const requests = this.requests;
    const timed = this.timedMs.subarray(0, this.timed).sort();
    const kept = timed.length - Math.floor(timed.length * TRIMMED_SHARE);
    let sum = 0;
    for (let i = 0; i < kept; i++) sum += timed[i]!;
    this.requests = 0;
    this.timed = 0;
    return { requests, overheadSeconds: kept > 0 ? sum / kept / 1_000 : undefined };
  }

  private timeOne(server: Server, handlers: readonly RequestListener[], req: IncomingMessage, res: ServerResponse): void {
    let started = -1;
    res.once('close', () => {
      started = this.now();
    });
    for (const handler of handlers) handler.call(server, req, res);
    res.once('close', () => {
      if (started < 0 || this.timed >= MAX_TIMED) return;
      this.timedMs[this.timed++] = this.now() - started;
    });
  }
}
