import type { Alert } from '../interfaces/alert.interface.js';

/** Alertmanager's route timing, with its defaults. */
export interface GroupingOptions {
  /** Labels whose values define a group; `['...']` groups by every label. @default ['alertname'] */
  readonly groupBy: readonly string[];
  /** How long a new group waits for more alerts before its first notification. @default 30000 */
  readonly groupWaitMs: number;
  /** How long a group waits before notifying about alerts added or resolved since its last notification. @default 300000 */
  readonly groupIntervalMs: number;
  /** How long before a notification that changed nothing is sent again. @default 14400000 */
  readonly repeatIntervalMs: number;
  /** A firing alert the evaluator stops sending counts as resolved after this long. @default 300000 */
  readonly resolveTimeoutMs: number;
  /** `forward` channels (Alertmanager) get an unchanged firing alert again after this long. @default 60000 */
  readonly resendDelayMs: number;
}

export const DEFAULT_GROUPING: GroupingOptions = Object.freeze({
  groupBy: Object.freeze(['alertname']),
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 14_400_000,
  resolveTimeoutMs: 300_000,
  resendDelayMs: 60_000,
});

/** The values of the `group_by` labels that an alert has (a missing label is left out, as in Alertmanager). */
export function groupLabels(labels: Readonly<Record<string, string>>, groupBy: readonly string[]): Record<string, string> {
  if (groupBy.includes('...')) return { ...labels };
  const out: Record<string, string> = {};
  for (const name of groupBy) if (labels[name] !== undefined) out[name] = labels[name];
  return out;
}

/** Alertmanager's group key form: `{}:{alertname="HighErrorRate",route="/api/chat"}` (the root route, sorted labels). */
export function groupKeyOf(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{}:{${pairs.join(',')}}`;
}

/** When the alert started firing, as Prometheus reports it to Alertmanager (`startsAt`). */
export function startsAt(alert: Alert): Date {
  return alert.firedAt ?? alert.activeAt;
}

/** Labels (or annotations) that every alert has with the same value. */
export function commonOf(maps: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) if (rest.every((m) => m[name] === value)) out[name] = value;
  return out;
}

/** The entry of Alertmanager's notification log: what a channel was last told about a group, and when. */
export interface NotifiedState {
  readonly firing: ReadonlySet<string>;
  readonly resolved: ReadonlySet<string>;
  /** Firing alerts it was told are flapping. */
  readonly flapping?: ReadonlySet<string>;
  readonly at: number;
}

/**
 * Alertmanager's DedupStage: notify when a new alert fires; when everything it was told about resolved; when
 * alerts resolved and the channel wants resolutions; else only once `repeat_interval` has passed. Also when a
 * firing alert started flapping (the one notification a flapping alert gets).
 */
export function needsUpdate(
  entry: NotifiedState | undefined,
  current: { readonly firing: ReadonlySet<string>; readonly resolved: ReadonlySet<string>; readonly flapping?: ReadonlySet<string> },
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): boolean {
  const { firing, resolved } = current;
  if (!entry) return firing.size > 0;
  if (![...firing].every((fp) => entry.firing.has(fp))) return true;
  if (current.flapping && ![...current.flapping].every((fp) => entry.flapping?.has(fp))) return true;
  if (firing.size === 0) return entry.firing.size > 0;
  if (sendResolved && ![...resolved].every((fp) => entry.resolved.has(fp))) return true;
  return entry.at <= now - repeatIntervalMs;
}
