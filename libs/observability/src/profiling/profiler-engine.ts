import type { PprofProfile as Profile } from './pprof-loader.js';
import type { PprofModule } from './pprof-loader.js';
import { PPROF_TAKEN } from './profiling.messages.js';

/** Labels a CPU sample carries, computed from what was attached to its request when the profile is cut. */
export type SampleLabeler = (attached: object | undefined) => Record<string, string>;

export interface ProfilerEngineOptions {
  samplingIntervalUs: number;
  heapSamplingBytes: number;
  /** Label samples with their request (needs AsyncContextFrame; see {@link asyncContextFrameActive}). */
  attribution: boolean;
  /**
   * Start the wall profiler with contexts, which it needs to measure CPU time (and to label samples). Without
   * them it records wall time only, and costs least.
   */
  contexts: boolean;
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
 * Which engine holds V8's CPU profiler, kept on the process object because the profiler is process-wide: the
 * claim outlives the gaps between captures (when the profiler itself is stopped), and two copies of this library
 * in one process (ESM and CommonJS, two versions) see the same claim. Each app holds its own engine object; the
 * claim is released by its holder only.
 */
const CLAIM_KEY = Symbol.for('nestjs-observability.cpu-profiler-claim');
type ClaimedProcess = NodeJS.Process & { [CLAIM_KEY]?: object };

/**
 * V8's wall/CPU profiler and sampling heap profiler, both process-wide. {@link claim} takes them for this app and
 * starts the heap profiler, which must run all along: it samples objects when they are allocated and reports the
 * sampled ones still alive, so a heap profiler started late knows nothing of what was allocated before. The CPU
 * profiler runs only between {@link startCpu} and {@link stopCpu}: V8 with a CPU profiler attached runs every
 * request slower whether or not samples are read. While it runs, {@link cut} returns the samples since the
 * previous cut and keeps sampling. Nothing here schedules or stores anything.
 */
export class ProfilerEngine {
  private claimed = false;
  private cpuRunning = false;

  constructor(
    private readonly pprof: PprofModule,
    private readonly options: ProfilerEngineOptions,
    private readonly labeler: SampleLabeler,
  ) {}

  /**
   * Takes the profilers for this app and starts the heap profiler. False when another app or agent in this
   * process holds them (nothing is changed then).
   */
  claim(): boolean {
    const proc = process as ClaimedProcess;
    if (this.claimed) return true;
    if (proc[CLAIM_KEY] !== undefined || this.pprof.time.isStarted()) return false;
    this.pprof.heap.start(this.options.heapSamplingBytes, 64);
    proc[CLAIM_KEY] = this;
    this.claimed = true;
    return true;
  }

  get active(): boolean {
    return this.claimed;
  }

  /** Whether the CPU profiler runs now. */
  get cpuActive(): boolean {
    return this.cpuRunning;
  }

  /** Whether requests should be attached now: the CPU profiler runs and can read what they attach. */
  get attributing(): boolean {
    return this.cpuRunning && this.options.attribution;
  }

  /**
   * Starts the CPU profiler. V8 logs every function already compiled when a profiler starts: on a large app that
   * is milliseconds of main-thread time (measured in docs/profiling.md).
   */
  startCpu(): void {
    if (!this.claimed) throw new Error(PPROF_TAKEN);
    if (this.cpuRunning) return;
    // Another agent may have started it in a gap between our captures; its session is not ours to end.
    if (this.pprof.time.isStarted()) throw new Error(PPROF_TAKEN);
    this.pprof.time.start({
      intervalMicros: this.options.samplingIntervalUs,
      durationMillis: 60_000,
      // CPU time is only collected with contexts; without AsyncContextFrame they stay empty (no route labels).
      withContexts: this.options.contexts,
      useCPED: this.options.contexts && this.options.attribution,
      collectCpuTime: this.options.contexts,
      workaroundV8Bug: true,
    });
    this.cpuRunning = true;
  }

  /** Runs `fn(...args)` with `attached` as the context of every sample taken in it and in its async continuations. */
  runAttached<R, A extends unknown[]>(attached: object, fn: (...args: A) => R, ...args: A): R {
    if (!this.attributing) return fn(...args);
    return this.pprof.time.runWithContext(attached, fn, ...args);
  }

  /** CPU and wall time since the previous cut (or the start); the profiler keeps running. */
  cut(): Profile {
    if (!this.cpuRunning) throw new Error('the CPU profiler is not running');
    return this.pprof.time.stop(true, this.labels);
  }

  /** Stops the CPU profiler and returns the samples since the previous cut (or the start); none when it was stopped. */
  stopCpu(): Profile | undefined {
    if (!this.cpuRunning) return undefined;
    this.cpuRunning = false;
    return this.pprof.time.stop(false, this.labels);
  }

  /** Live objects sampled by the heap profiler now (in-use space and count per allocation stack). */
  heap(): Profile {
    return this.pprof.heap.profile();
  }

  /** Gzipped pprof protobuf, as `go tool pprof`, Pyroscope and speedscope read it. */
  async encode(profile: Profile): Promise<Buffer> {
    return Buffer.from(await this.pprof.encode(profile));
  }

  /** Stops both profilers and gives up the claim. Idempotent. */
  release(): void {
    if (!this.claimed) return;
    this.claimed = false;
    try {
      if (this.cpuRunning) {
        this.cpuRunning = false;
        this.pprof.time.stop(false);
      }
    } finally {
      this.pprof.heap.stop();
      const proc = process as ClaimedProcess;
      if (proc[CLAIM_KEY] === this) delete proc[CLAIM_KEY];
    }
  }

  private readonly labels = ({ context }: { context?: { context?: object } }) => this.labeler(context?.context);
}
