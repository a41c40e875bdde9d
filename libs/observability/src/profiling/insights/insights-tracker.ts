import type { PprofProfile as Profile } from '../pprof-loader.js';
import { cpuInsights, type CpuInsights } from './cpu-insights.js';
import { growingSites, heapSites, type GrowingSite, type HeapSites } from './heap-insights.js';

/** What `/debug/pprof/insights` answers. */
export interface ProfilingInsights {
  readonly cpu?: CpuInsights & { readonly profile_id?: string; readonly captured_at: string };
  readonly heap?: {
    readonly profile_id?: string;
    readonly captured_at: string;
    /** Milliseconds between the two heap profiles compared. */
    readonly compared_over_ms: number;
    readonly growing_sites: readonly GrowingSite[];
  };
}

/** Keeps the insights of the latest CPU profile and the allocation sites of the latest heap profile to compare with. */
export class InsightsTracker {
  private cpu?: ProfilingInsights['cpu'];
  private heap?: ProfilingInsights['heap'];
  private lastHeap?: { sites: HeapSites; at: number };

  constructor(private readonly now: () => number = Date.now) {}

  addCpu(profile: Profile, profileId: string | undefined): void {
    this.cpu = { ...cpuInsights(profile), profile_id: profileId, captured_at: new Date(this.now()).toISOString() };
  }

  addHeap(profile: Profile, profileId: string | undefined): void {
    const at = this.now();
    const sites = heapSites(profile);
    if (this.lastHeap) {
      const elapsed = at - this.lastHeap.at;
      this.heap = {
        profile_id: profileId,
        captured_at: new Date(at).toISOString(),
        compared_over_ms: elapsed,
        growing_sites: growingSites(this.lastHeap.sites, sites, elapsed),
      };
    }
    this.lastHeap = { sites, at };
  }

  current(): ProfilingInsights {
    return { ...(this.cpu ? { cpu: this.cpu } : {}), ...(this.heap ? { heap: this.heap } : {}) };
  }

  /** The one line logged per scheduled capture: the three hottest functions and fastest-growing sites. */
  summary(): Record<string, unknown> {
    const name = (s: { function: string; file: string; line: number }) => `${s.function} (${s.file}:${s.line})`;
    return {
      hot_functions: (this.cpu?.top_self ?? []).slice(0, 3).map((f) => `${name(f)} ${f.self_percent}%`),
      growing_allocations: (this.heap?.growing_sites ?? []).slice(0, 3).map((s) => `${name(s)} +${s.growth_bytes_per_min} B/min`),
    };
  }
}
