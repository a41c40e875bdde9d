import type { PprofProfile as Profile } from './pprof-loader.js';
import type { PprofModule } from './pprof-loader.js';

/** Labels a CPU sample carries, computed from what was attached to its request when the profile is cut. */
export type SampleLabeler = (attached: object | undefined) => Record<string, string>;

export interface ProfilerEngineOptions {
  samplingIntervalUs: number;
  heapSamplingBytes: number;
  /** Label samples with their request (needs AsyncContextFrame; see {@link asyncContextFrameActive}). */
  attribution: boolean;
}

/** Whether Node runs AsyncLocalStorage on AsyncContextFrame, which the profiler reads to attribute samples. */
export function asyncContextFrameActive(
  version = process.versions.node,
  flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)],
): boolean {
  const major = Number(version.split('.', 1)[0]);
  if (flags.includes('--no-async-context-frame')) return false;
  return major >= 24 || flags.includes('--experimental-async-context-frame');
}

/**
 * The V8 wall/CPU profiler and the sampling heap profiler, both process-wide in V8: started once, then "cut" —
 * each cut returns the samples since the previous one and keeps sampling. Whoever cuts decides where the profile
 * goes; nothing here schedules or stores anything.
 */
export class ProfilerEngine {
  private running = false;

  constructor(
    private readonly pprof: PprofModule,
    private readonly options: ProfilerEngineOptions,
    private readonly labeler: SampleLabeler,
  ) {}

  /** False when another owner in this process already runs the wall profiler (nothing is changed then). */
  start(): boolean {
    if (this.pprof.time.isStarted()) return false;
    this.pprof.time.start({
      intervalMicros: this.options.samplingIntervalUs,
      durationMillis: 60_000,
      // CPU time is only collected with contexts; without AsyncContextFrame they stay empty (no route labels).
      withContexts: true,
      useCPED: this.options.attribution,
      collectCpuTime: true,
      workaroundV8Bug: true,
    });
    try {
      this.pprof.heap.start(this.options.heapSamplingBytes, 64);
    } catch (error) {
      this.pprof.time.stop(false);
      throw error;
    }
    this.running = true;
    return true;
  }

  get started(): boolean {
    return this.running;
  }

  get attributing(): boolean {
    return this.running && this.options.attribution;
  }

  /** Runs `fn` with `attached` as the context of every sample taken in it and in its async continuations. */
  runAttached<R>(attached: object, fn: () => R): R {
    if (!this.attributing) return fn();
    return this.pprof.time.runWithContext(attached, fn);
  }

  /** CPU and wall time since the previous cut (or the start). */
  cut(): Profile {
    return this.pprof.time.stop(true, ({ context }) => this.labeler(context?.context));
  }

  /** Live objects sampled by the heap profiler now (in-use space and count per allocation stack). */
  heap(): Profile {
    return this.pprof.heap.profile();
  }

  /** Gzipped pprof protobuf, as `go tool pprof`, Pyroscope and speedscope read it. */
  async encode(profile: Profile): Promise<Buffer> {
    return Buffer.from(await this.pprof.encode(profile));
  }

  /** Stops both profilers. Idempotent. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    try {
      this.pprof.time.stop(false);
    } finally {
      this.pprof.heap.stop();
    }
  }
}
