import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ProfilingConfig } from '../config/index.js';
import { InsightsTracker, type ProfilingInsights } from './insights/insights-tracker.js';
import { ProfilerRuntime, type CpuCapture } from './profiler-runtime.js';
import { PROFILING_CONFIG } from './profiling.constants.js';
import { CaptureInProgressError, ProfilingShutdownError, ProfilingUnavailableError } from './profiling.errors.js';
import { ProfileStore, type StoredProfile, type StoredProfileInfo } from './profile-store.js';
import { CAPTURE_FAILED, INSIGHTS_LINE, NOT_RUNNING_REASON } from './profiling.messages.js';

/**
 * CPU and heap profiles on demand and on the schedule, the store of the latest ones, and the insights computed
 * from them. One CPU capture at a time (a second is refused, never queued); from the moment shutdown begins no
 * capture starts and a running one ends at once.
 */
@Injectable()
export class ProfilingService implements OnModuleDestroy {
  private readonly logger = new Logger('Profiling');
  private readonly store: ProfileStore;
  private readonly insightsTracker = new InsightsTracker();
  private readonly shutdown = new AbortController();
  private inCapture = false;

  constructor(
    @Inject(PROFILING_CONFIG) readonly config: ProfilingConfig,
    private readonly runtime: ProfilerRuntime,
  ) {
    this.store = new ProfileStore(config.keep, config.max_store_bytes);
  }

  /** Whether profiles can be taken now. */
  get active(): boolean {
    return this.runtime.active && !this.shutdown.signal.aborted;
  }

  /** Whether a CPU capture is running (a second one is refused). */
  get capturing(): boolean {
    return this.inCapture;
  }

  /** A CPU (and wall) profile of the next `durationMs`, stored and returned. */
  async captureCpu(durationMs: number, trigger: StoredProfile['trigger'] = 'on_demand'): Promise<StoredProfile> {
    this.assertActive();
    if (this.inCapture) throw new CaptureInProgressError();
    this.inCapture = true;
    let capture: CpuCapture | undefined;
    try {
      capture = this.runtime.beginCapture();
      const startedAt = capture.from;
      await sleepUnlessAborted(durationMs, this.shutdown.signal);
      const { profile, until } = capture.finish();
      const data = await this.runtime.encode(profile);
      const stored = this.keep({
        kind: 'cpu',
        data,
        started_at: startedAt.toISOString(),
        duration_ms: until.getTime() - startedAt.getTime(),
        trigger,
      });
      this.insightsTracker.addCpu(profile, this.stored(stored));
      return stored;
    } finally {
      capture?.close();
      this.inCapture = false;
    }
  }

  /** The live objects the heap profiler has sampled, now. */
  async captureHeap(trigger: StoredProfile['trigger'] = 'on_demand'): Promise<StoredProfile> {
    this.assertActive();
    const startedAt = new Date();
    const profile = this.runtime.heap();
    const data = await this.runtime.encode(profile);
    const stored = this.keep({ kind: 'heap', data, started_at: startedAt.toISOString(), duration_ms: 0, trigger });
    this.insightsTracker.addHeap(profile, this.stored(stored));
    return stored;
  }

  /**
   * One scheduled run: a CPU profile of `profiling.cpu_duration`, then a heap profile, then one log line with
   * the insights. Skipped (not queued) when a capture is running or shutdown has begun. Never rejects.
   */
  async runScheduled(): Promise<void> {
    if (!this.active || this.inCapture) return;
    try {
      await this.captureCpu(this.config.cpu_duration, 'schedule');
      if (!this.active) return;
      await this.captureHeap('schedule');
      this.logger.log({ msg: INSIGHTS_LINE, ...this.insightsTracker.summary() });
    } catch (error) {
      if (error instanceof ProfilingShutdownError || error instanceof CaptureInProgressError) return;
      this.logger.warn({ err: error, msg: CAPTURE_FAILED });
    }
  }

  list(): StoredProfileInfo[] {
    return this.store.list();
  }

  get(id: string): StoredProfile | undefined {
    return this.store.get(id);
  }

  insights(): ProfilingInsights {
    return this.insightsTracker.current();
  }

  /** From the first shutdown hook on: no capture starts, a running one ends now. */
  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  private keep(profile: Omit<StoredProfile, 'id' | 'bytes'>): StoredProfile {
    // A profile larger than the whole store budget is still returned to its caller, just not kept.
    return this.store.add(profile) ?? { ...profile, id: `${profile.kind}-unstored`, bytes: profile.data.length };
  }

  /** The profile's id if the store kept it (the insights then point at it). */
  private stored(profile: StoredProfile): string | undefined {
    return this.store.get(profile.id) ? profile.id : undefined;
  }

  private assertActive(): void {
    if (this.shutdown.signal.aborted) throw new ProfilingShutdownError();
    if (!this.runtime.active) throw new ProfilingUnavailableError(NOT_RUNNING_REASON);
  }
}

/** Waits `ms` on the global timers (fake ones in tests); rejects with {@link ProfilingShutdownError} on abort. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(new ProfilingShutdownError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}
