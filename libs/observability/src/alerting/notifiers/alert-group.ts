import type { Alert, CorrelationReason } from '../interfaces/alert.interface.js';
import { commonOf, needsUpdate, startsAt, type GroupingOptions, type NotifiedState } from './grouping.js';
import { isResolved, type Notification } from './notifier.interface.js';
import type { NotifierClock } from './notifiers.types.js';

interface Tracked {
  alert: Alert;
  lastSeen: number;
}

export interface FlushPlan {
  readonly notification: Omit<Notification, 'receiver'>;
  /** What the channel's notification log records once the notification is delivered. */
  readonly record: { readonly firing: ReadonlySet<string>; readonly resolved: ReadonlySet<string>; readonly flapping: ReadonlySet<string> };
}

/**
 * One aggregation group (Alertmanager's `aggrGroup`): its alerts, its flush timer (`group_wait` first, then
 * `group_interval`) and, per channel, what that channel was last told.
 */
export class AlertGroup {
  private readonly alerts = new Map<string, Tracked>();
  private readonly log = new Map<string, NotifiedState>();
  private timer: unknown;
  private flushed = false;
  /** Notifications of this group still queued or in flight. */
  deliveries = 0;
  /** Channels with a notification of this group queued or in flight: the next flush skips them (Alertmanager runs one pipeline per group at a time). */
  readonly inFlight = new Set<string>();
  /** Alerts that joined this group by correlation (their own group_by labels differ), and why. */
  readonly joined = new Map<string, CorrelationReason>();
  /** Fingerprint of the alert its last notification named as the likely cause, when correlation joined alerts. */
  cause: string | undefined;

  constructor(
    readonly key: string,
    readonly labels: Readonly<Record<string, string>>,
    private readonly grouping: GroupingOptions,
    private readonly clock: NotifierClock,
    private readonly onFlush: () => void,
  ) {
    this.schedule(grouping.groupWaitMs);
  }

  get empty(): boolean {
    return this.alerts.size === 0;
  }

  has(fingerprint: string): boolean {
    return this.alerts.has(fingerprint);
  }

  /** The group's alerts as last received. */
  current(): Alert[] {
    return [...this.alerts.values()].map((t) => t.alert);
  }

  /** The group's firing alerts, as last received. */
  firing(): Alert[] {
    return this.current().filter((a) => !isResolved(a));
  }

  insert(alert: Alert, at: number): void {
    const known = this.alerts.get(alert.fingerprint);
    if (!known && isResolved(alert)) return;
    this.alerts.set(alert.fingerprint, { alert, lastSeen: at });
    // Alertmanager: an alert that has been firing for longer than group_wait needs no wait before the first flush.
    if (!this.flushed && !isResolved(alert) && startsAt(alert).getTime() + this.grouping.groupWaitMs <= at) this.schedule(0);
  }

  /** The group's alerts at flush time, firing first; a firing alert not seen for `resolve_timeout` turns resolved. */
  prepare(at: number): Alert[] {
    this.timer = undefined;
    this.flushed = true;
    const firing: Alert[] = [];
    const resolved: Alert[] = [];
    for (const tracked of this.alerts.values()) {
      if (!isResolved(tracked.alert) && at - tracked.lastSeen > this.grouping.resolveTimeoutMs) {
        tracked.alert = { ...tracked.alert, state: 'inactive', resolvedAt: new Date(tracked.lastSeen + this.grouping.resolveTimeoutMs) };
      }
      (isResolved(tracked.alert) ? resolved : firing).push(tracked.alert);
    }
    return [...firing, ...resolved];
  }

  /** What to send `channel` now, if anything (Alertmanager's DedupStage); records a silent update directly. */
  plan(channel: string, visible: readonly Alert[], sendResolved: boolean, at: number): FlushPlan | undefined {
    if (visible.length === 0) return undefined;
    const firing = visible.filter((a) => !isResolved(a));
    const record = {
      firing: fingerprints(firing),
      resolved: fingerprints(visible.filter(isResolved)),
      flapping: fingerprints(firing.filter((a) => a.flapping)),
    };
    if (!needsUpdate(this.log.get(channel), record, sendResolved, this.grouping.repeatIntervalMs, at)) return undefined;
    const alerts = sendResolved ? visible : firing;
    if (alerts.length === 0) {
      // Everything resolved and the channel does not want resolutions: forget what it was told, send nothing.
      this.notified(channel, record, at);
      return undefined;
    }
    return { record, notification: this.notificationOf(alerts, at) };
  }

  /**
   * The alerts of a notification that are news to `channel` — firing and not known as such, resolved and not known
   * as such, newly flapping — or all of them when it is a repeat: what a rate limit charges.
   */
  news(channel: string, alerts: readonly Alert[]): Alert[] {
    const known = this.log.get(channel);
    if (!known) return [...alerts];
    const fresh = alerts.filter((a) =>
      isResolved(a)
        ? !known.resolved.has(a.fingerprint)
        : !known.firing.has(a.fingerprint) || (a.flapping !== undefined && !known.flapping?.has(a.fingerprint)),
    );
    return fresh.length > 0 ? fresh : [...alerts];
  }

  /**
   * The plan without the `held` alerts (a rate limit kept them back): the channel is recorded as knowing them as it
   * did before, so they are news again at the next flush.
   */
  narrow(channel: string, plan: FlushPlan, held: ReadonlySet<string>): FlushPlan {
    const known = this.log.get(channel);
    const without = (set: ReadonlySet<string>) => [...set].filter((fp) => !held.has(fp));
    const stillKnown = (set: ReadonlySet<string> | undefined) => [...held].filter((fp) => set?.has(fp));
    return {
      record: {
        firing: new Set([...without(plan.record.firing), ...stillKnown(known?.firing)]),
        resolved: new Set([...without(plan.record.resolved), ...stillKnown(known?.resolved)]),
        flapping: new Set([...without(plan.record.flapping), ...stillKnown(known?.flapping)]),
      },
      notification: this.notificationOf(
        plan.notification.alerts.filter((a) => !held.has(a.fingerprint)),
        plan.notification.sentAt.getTime(),
      ),
    };
  }

  private notificationOf(alerts: readonly Alert[], at: number): Omit<Notification, 'receiver'> {
    return {
      groupKey: this.key,
      status: alerts.some((a) => !isResolved(a)) ? 'firing' : 'resolved',
      groupLabels: this.labels,
      commonLabels: commonOf(alerts.map((a) => a.labels)),
      commonAnnotations: commonOf(alerts.map((a) => a.annotations)),
      alerts,
      sentAt: new Date(at),
    };
  }

  notified(channel: string, record: FlushPlan['record'], at: number): void {
    this.log.set(channel, { ...record, at });
  }

  /** After a flush: the next one comes `group_interval` later while the group has alerts. */
  scheduleNext(): void {
    if (!this.empty) this.schedule(this.grouping.groupIntervalMs);
  }

  /**
   * Drops resolved alerts that no channel still knows as firing (each was told, or never heard of it), and those
   * resolved for longer than `repeat_interval` (a channel that never recovers must not grow the group forever).
   */
  forgetResolved(channels: readonly string[]): void {
    const now = this.clock.now();
    for (const [fp, { alert }] of this.alerts) {
      if (!isResolved(alert)) continue;
      const stale = (alert.resolvedAt?.getTime() ?? now) <= now - this.grouping.repeatIntervalMs;
      if (stale || channels.every((c) => !this.log.get(c)?.firing.has(fp))) this.alerts.delete(fp);
    }
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.stop();
    this.timer = this.clock.setTimeout(this.onFlush, ms);
  }
}

function fingerprints(alerts: readonly Alert[]): Set<string> {
  return new Set(alerts.map((a) => a.fingerprint));
}
