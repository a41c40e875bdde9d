import type { AlertCorrelator } from '../correlation/alert-correlator.js';
import { CorrelatedGroups } from '../correlation/correlated-groups.js';
import { AlertSuppressor, type AlertSilencer, type SuppressionListener } from '../fatigue/alert-suppressor.js';
import type { FlapHold } from '../fatigue/flap-hold.js';
import type { Inhibitor } from '../fatigue/inhibitor.js';
import type { NotificationRateLimiter } from '../fatigue/rate-limiter.js';
import type { Alert, AlertSink, AlertSuppression } from '../interfaces/alert.interface.js';
import { DeliveryChannel, type DeliveryChannelStats, type DeliveryOutcome } from './delivery-channel.js';
import { AlertGroup, type FlushPlan } from './alert-group.js';
import { DEFAULT_GROUPING, groupKeyOf, groupLabels, type GroupingOptions } from './grouping.js';
import { isResolved, type Notification, type Notifier } from './notifier.interface.js';
import { DISPATCH_FAILED } from './notifiers.messages.js';
import { systemClock, type NotificationDropListener, type NotifierClock, type NotifierLogger } from './notifiers.types.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { AlertForwarder } from './alert-forwarder.js';

export type { AlertSilencer } from '../fatigue/alert-suppressor.js';

export interface NotificationDispatcherOptions {
  /** The channels; each gets its own queue. At least one (the log notifier by default in the module). */
  readonly notifiers: readonly Notifier[];
  readonly grouping?: Partial<GroupingOptions>;
  /** Notifications waiting per channel before the oldest is dropped. @default 100 */
  readonly queueSize?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly silencer?: AlertSilencer;
  /** Alertmanager's inhibit rules: targets are not notified while a matching source fires. */
  readonly inhibitor?: Inhibitor;
  /** Holds flapping alerts in one notification. */
  readonly flapHold?: FlapHold;
  /** Puts a new alert into the group of a correlated one (instead of a group of its own), naming the likely cause. */
  readonly correlator?: AlertCorrelator;
  /** Per-channel and per-rule notification rate limits (grouped channels). */
  readonly rateLimiter?: NotificationRateLimiter;
  /** Receives every suppression (bind it to `<ns>_alerts_suppressed_total{reason}`). */
  readonly onSuppress?: SuppressionListener;
  /** Receives every drop (bind it to a `*_dropped_total` counter). */
  readonly onDrop?: NotificationDropListener;
  readonly logger: NotifierLogger;
  /** @default the system clock with unref'd timers */
  readonly clock?: NotifierClock;
  /** Jitter source of the backoff. @default Math.random */
  readonly random?: () => number;
}

/**
 * The notification side of alerting: what Alertmanager does behind Prometheus, in process. Alerts are grouped by
 * the `group_by` labels; a new group is notified after `group_wait`, changes to it after `group_interval`, an
 * unchanged group again after `repeat_interval`. Silenced alerts are left out. Each channel delivers from its own
 * bounded queue, so a slow or failing one never holds the evaluator or the other channels.
 */
export class NotificationDispatcher implements AlertSink {
  private readonly grouping: GroupingOptions;
  private readonly clock: NotifierClock;
  private readonly grouped: DeliveryChannel[] = [];
  private readonly sendResolved = new Map<string, boolean>();
  private readonly forwarder: AlertForwarder;
  private readonly groups = new Map<string, AlertGroup>();
  private readonly correlation: CorrelatedGroups;
  /** Alerts a rate limit kept out of their channel's last notification, not told since. */
  private readonly rateLimited = new Map<string, string>();
  private readonly suppressor: AlertSuppressor;
  private warnedDispatchFailure = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.grouping = { ...DEFAULT_GROUPING, ...options.grouping };
    this.clock = options.clock ?? systemClock;
    const names = new Set<string>();
    const forwards: DeliveryChannel[] = [];
    for (const notifier of options.notifiers) {
      if (names.has(notifier.name)) throw new Error(`alert notifiers: two channels are named "${notifier.name}"; names must be unique`);
      names.add(notifier.name);
      const channel = new DeliveryChannel(notifier, {
        queueSize: options.queueSize ?? 100,
        retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
        clock: this.clock,
        logger: options.logger,
        onDrop: options.onDrop,
        random: options.random,
      });
      if (notifier.mode === 'forward') forwards.push(channel);
      else this.grouped.push(channel);
      this.sendResolved.set(notifier.name, notifier.sendResolved ?? true);
    }
    this.suppressor = new AlertSuppressor(options);
    this.correlation = new CorrelatedGroups(options.correlator, () => this.suppressor.count('correlated', 1));
    this.forwarder = new AlertForwarder(forwards, this.grouping, (alert, at) => this.suppressor.isMuted(alert, at));
  }

  send(alerts: readonly Alert[], now: Date): void {
    if (this.closing) return;
    try {
      const at = this.clock.now();
      const view = this.suppressor.apply(alerts, at);
      this.correlation.startEvaluation();
      for (const alert of view) if (alert.state !== 'pending') this.insert(alert, at);
      this.forwarder.forward(this.forwarder.channels.length > 0 ? this.correlation.marked(view, this.groups.values()) : view, now, at);
    } catch (error) {
      this.warnDispatchFailure(error);
    }
  }

  /** Whether (and why) notifications of `alert` are held back now. */
  explain(alert: Alert, now: Date): AlertSuppression {
    const group = this.groups.get(this.keyOf(alert));
    const cause = group?.cause;
    return this.suppressor.explain(alert, now.getTime(), {
      correlatedWith: cause && cause !== alert.fingerprint && group.has(alert.fingerprint) ? cause : undefined,
      rateLimited: this.rateLimited.has(alert.fingerprint),
    });
  }

  /** Per channel: queued, delivered, dropped by reason, failing now. */
  stats(): Record<string, DeliveryChannelStats> {
    const out: Record<string, DeliveryChannelStats> = {};
    for (const channel of [...this.grouped, ...this.forwarder.channels]) out[channel.name] = channel.stats();
    return out;
  }

  /** Stops grouping and gives queued notifications until `timeoutMs` to go out; runs once. */
  close(timeoutMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      for (const group of this.groups.values()) group.stop();
      this.groups.clear();
      const deadline = this.clock.now() + timeoutMs;
      await Promise.all([...this.grouped, ...this.forwarder.channels].map((channel) => channel.close(deadline)));
    })();
    return this.closing;
  }

  /** The key of the group an alert goes to: its own (by `group_by`), or the correlated group its own key joined. */
  private keyOf(alert: Alert): string {
    return this.correlation.keyOf(groupKeyOf(groupLabels(alert.labels, this.grouping.groupBy)));
  }

  private insert(alert: Alert, at: number): void {
    const key = this.keyOf(alert);
    let group = this.groups.get(key);
    if (!group) {
      if (isResolved(alert)) return; // never notified as firing: nothing to resolve
      group = this.correlation.join(alert, key, this.groups.values());
      if (!group) {
        group = new AlertGroup(key, groupLabels(alert.labels, this.grouping.groupBy), this.grouping, this.clock, () => this.flush(key));
        this.groups.set(key, group);
      }
    }
    group.insert(alert, at);
  }

  private flush(key: string): void {
    const group = this.groups.get(key);
    if (!group) return;
    try {
      const at = this.clock.now();
      const visible = this.correlation.mark(
        group,
        group.prepare(at).filter((alert) => !this.suppressor.isMuted(alert, at)),
      );
      for (const channel of this.grouped) {
        // Until the last notification settles, what the channel was told is unknown: planning now would send it again.
        if (group.inFlight.has(channel.name)) continue;
        const plan = this.limit(
          channel.name,
          group.plan(channel.name, visible, this.sendResolved.get(channel.name) ?? true, at),
          group,
          at,
        );
        if (!plan) continue;
        const notification: Notification = { ...plan.notification, receiver: channel.name };
        group.deliveries++;
        group.inFlight.add(channel.name);
        channel.enqueue({
          key,
          notification,
          settle: (outcome: DeliveryOutcome) => {
            group.deliveries--;
            group.inFlight.delete(channel.name);
            if (outcome === 'delivered') group.notified(channel.name, plan.record, this.clock.now());
            this.compact(group);
          },
        });
      }
      group.scheduleNext();
      this.compact(group);
    } catch (error) {
      this.warnDispatchFailure(error);
    }
  }

  /**
   * The plan as the rate limits let it through: they charge what is news to the channel; news of a rule over its
   * limit is left out (and not recorded as told); with nothing left to tell, nothing is sent. Counted per alert.
   */
  private limit(channel: string, plan: FlushPlan | undefined, group: AlertGroup, at: number): FlushPlan | undefined {
    if (!plan || !this.options.rateLimiter) return plan;
    const news = group.news(channel, plan.notification.alerts);
    const { admitted, limited } = this.options.rateLimiter.admit(channel, news, at);
    for (const alert of admitted) this.rateLimited.delete(alert.fingerprint);
    if (limited.length === 0) return plan;
    for (const alert of limited) this.rateLimited.set(alert.fingerprint, group.key);
    this.suppressor.count('rate_limited', limited.length);
    return admitted.length > 0 ? group.narrow(channel, plan, new Set(limited.map((a) => a.fingerprint))) : undefined;
  }

  /** Forgets resolved alerts no channel still knows as firing, and the group once it is empty. */
  private compact(group: AlertGroup): void {
    if (group.deliveries > 0 || this.groups.get(group.key) !== group) return;
    group.forgetResolved(this.grouped.map((c) => c.name));
    if (group.empty) {
      group.stop();
      this.groups.delete(group.key);
      this.correlation.forget(group.key);
      for (const [fp, key] of this.rateLimited) if (key === group.key) this.rateLimited.delete(fp);
    }
  }

  private warnDispatchFailure(error: unknown): void {
    if (this.warnedDispatchFailure) return;
    this.warnedDispatchFailure = true;
    this.options.logger.warn({ msg: DISPATCH_FAILED(error instanceof Error ? error.message : String(error)) });
  }
}
