import type { PprofProfile as Profile } from '../pprof-loader.js';
import { INSIGHT_MAX_ROUTES, INSIGHT_TOP } from '../profiling.constants.js';
import { ProfileReader, siteKey, type FrameSite } from './profile-reader.js';

export interface FunctionTime extends FrameSite {
  /** Time with this function at the top of the stack. */
  readonly self_ms: number;
  /** Time with this function anywhere on the stack. */
  readonly total_ms: number;
  readonly self_percent: number;
}

export interface CpuInsights {
  /** `cpu` when the profile has CPU time, else `wall`. */
  readonly measure: 'cpu' | 'wall';
  readonly total_ms: number;
  readonly top_self: readonly FunctionTime[];
  readonly top_total: readonly FunctionTime[];
  /** Per route template (the `route` label), the routes that used the most time first. */
  readonly routes: Readonly<Record<string, { total_ms: number; top_self: readonly FunctionTime[] }>>;
}

/** V8's pseudo-frames: not functions anyone can optimise. */
const PSEUDO = new Set(['(idle)', '(program)', '(root)']);

interface Tally {
  total: number;
  self: Map<string, { site: FrameSite; value: number }>;
  inclusive: Map<string, number>;
}

const newTally = (): Tally => ({ total: 0, self: new Map(), inclusive: new Map() });

function record(tally: Tally, frames: readonly FrameSite[], value: number): void {
  tally.total += value;
  const leaf = frames[0];
  if (leaf && !PSEUDO.has(leaf.function)) {
    const key = siteKey(leaf);
    const entry = tally.self.get(key) ?? { site: leaf, value: 0 };
    entry.value += value;
    tally.self.set(key, entry);
  }
  for (const key of new Set(frames.map(siteKey))) tally.inclusive.set(key, (tally.inclusive.get(key) ?? 0) + value);
}

function top(tally: Tally, by: 'self' | 'total', sites: Map<string, FrameSite>): FunctionTime[] {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const rows = [...sites.entries()]
    .filter(([, site]) => !PSEUDO.has(site.function))
    .map(([key, site]) => {
      const self = tally.self.get(key)?.value ?? 0;
      const total = tally.inclusive.get(key) ?? 0;
      return {
        ...site,
        self_ms: ms(self),
        total_ms: ms(total),
        self_percent: tally.total ? Math.round((self / tally.total) * 1000) / 10 : 0,
      };
    })
    .filter((row) => (by === 'self' ? row.self_ms : row.total_ms) > 0);
  rows.sort((a, b) => (by === 'self' ? b.self_ms - a.self_ms : b.total_ms - a.total_ms));
  return rows.slice(0, INSIGHT_TOP);
}

/** The hottest functions by self and total time (file:line), overall and per `route` label. */
export function cpuInsights(profile: Profile): CpuInsights {
  const reader = new ProfileReader(profile);
  const cpu = reader.valueIndex('cpu');
  const column = cpu >= 0 ? cpu : reader.valueIndex('wall');
  const overall = newTally();
  const byRoute = new Map<string, Tally>();
  const sites = new Map<string, FrameSite>();
  for (const sample of profile.sample) {
    const value = Number(sample.value[column] ?? 0);
    if (value <= 0) continue;
    const frames = reader.frames(sample);
    for (const frame of frames) sites.set(siteKey(frame), frame);
    record(overall, frames, value);
    const route = reader.label(sample, 'route');
    if (route === undefined) continue;
    let tally = byRoute.get(route);
    if (!tally) byRoute.set(route, (tally = newTally()));
    record(tally, frames, value);
  }
  const routes = [...byRoute.entries()]
    .sort(([, a], [, b]) => b.total - a.total)
    .slice(0, INSIGHT_MAX_ROUTES)
    .map(([route, tally]) => [route, { total_ms: Math.round(tally.total / 1e4) / 100, top_self: top(tally, 'self', sites) }] as const);
  return {
    measure: cpu >= 0 ? 'cpu' : 'wall',
    total_ms: Math.round(overall.total / 1e4) / 100,
    top_self: top(overall, 'self', sites),
    top_total: top(overall, 'total', sites),
    routes: Object.fromEntries(routes),
  };
}
