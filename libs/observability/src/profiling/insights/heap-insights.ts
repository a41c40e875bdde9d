import type { PprofProfile as Profile } from '../pprof-loader.js';
import { INSIGHT_TOP } from '../profiling.constants.js';
import { ProfileReader, siteKey, type FrameSite } from './profile-reader.js';

/** In-use bytes per allocation site (the frame that allocated), from one heap profile. */
export type HeapSites = Map<string, { site: FrameSite; bytes: number }>;

export interface GrowingSite extends FrameSite {
  readonly bytes: number;
  readonly growth_bytes: number;
  /** Growth per minute between the two profiles. */
  readonly growth_bytes_per_min: number;
}

/** Sums in-use space per allocating frame; frames of V8 internals and of node: builtins are skipped upwards. */
export function heapSites(profile: Profile): HeapSites {
  const reader = new ProfileReader(profile);
  const inUse = reader.valueIndex('inuse_space');
  const space = inUse >= 0 ? inUse : reader.valueIndex('space');
  const sites: HeapSites = new Map();
  for (const sample of profile.sample) {
    const bytes = Number(sample.value[space] ?? 0);
    if (bytes <= 0) continue;
    const frames = reader.frames(sample);
    const site = frames.find((f) => f.file !== '' && !f.file.startsWith('node:')) ?? frames[0];
    if (!site) continue;
    const key = siteKey(site);
    const entry = sites.get(key) ?? { site, bytes: 0 };
    entry.bytes += bytes;
    sites.set(key, entry);
  }
  return sites;
}

/** Sites whose in-use bytes grew the most from `previous` to `current`, taken `elapsedMs` apart. */
export function growingSites(previous: HeapSites, current: HeapSites, elapsedMs: number): GrowingSite[] {
  const minutes = Math.max(elapsedMs, 1) / 60_000;
  return [...current.entries()]
    .map(([key, { site, bytes }]) => {
      const growth = bytes - (previous.get(key)?.bytes ?? 0);
      return { ...site, bytes, growth_bytes: growth, growth_bytes_per_min: Math.round(growth / minutes) };
    })
    .filter((s) => s.growth_bytes > 0)
    .sort((a, b) => b.growth_bytes - a.growth_bytes)
    .slice(0, INSIGHT_TOP);
}
