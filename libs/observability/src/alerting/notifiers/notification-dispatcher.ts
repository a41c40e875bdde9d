import type { Alert, AlertSink } from '../interfaces/alert.interface.js';
import { DeliveryChannel, type DeliveryChannelStats, type DeliveryOutcome } from './delivery-channel.js';
import { AlertGroup } from './alert-group.js';
import { DEFAULT_GROUPING, groupKeyOf, groupLabels, type GroupingOptions } from './grouping.js';
import { isResolved, type Notification, type Notifier } from './notifier.interface.js';
import { DISPATCH_FAILED } from './notifiers.messages.js';
import { systemClock, type NotificationDropListener, type NotifierClock, type NotifierLogger } from './notifiers.types.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { AlertForwarder } from './alert-forwarder.js';

/** Decides whether an alert's labels are muted at a time (the silence store implements it). */
export interface AlertSilencer {
  isSilenced(labels: Readonly<Record<string, string>>, at: number): boolean;
}

export interface NotificationDispatcherOptions {
  /** The channels; each gets its own queue. At least one (the log notifier by default in the module). */
  readonly notifiers: readonly Notifier[];
  readonly grouping?: Partial<GroupingOptions>;
  /** Notifications waiting per channel before the oldest is dropped. @default 100 */
  readonly queueSize?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly silencer?: AlertSilencer;
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
    this.forwarder = new AlertForwarder(forwards, this.grouping, (labels, at) => this.silenced(labels, at));
  }

  send(alerts: readonly Alert[], now: Date): void {
    if (this.closing) return;
    try {
      const at = this.clock.now();
      for (const alert of alerts) if (alert.state !== 'pending') this.insert(alert, at);
      this.forwarder.forward(alerts, now, at);
    } catch (error) {
      this.warnDispatchFailure(error);
    }
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

  private insert(alert: Alert, at: number): void {
    const labels = groupLabels(alert.labels, this.grouping.groupBy);
    const key = groupKeyOf(labels);
    let group = this.groups.get(key);
    if (!group) {
      if (isResolved(alert)) return; // never notified as firing: nothing to resolve
      group = new AlertGroup(key, labels, this.grouping, this.clock, () => this.flush(key));
      this.groups.set(key, group);
    }
    group.insert(alert, at);
  }

  private flush(key: string): void {
    const group = this.groups.get(key);
    if (!group) return;
    try {
      const at = this.clock.now();
      const visible = group.prepare(at).filter((alert) => !this.silenced(alert.labels, at));
      for (const channel of this.grouped) {
        // Until the last notification settles, what the channel was told is unknown: planning now would send it again.
        if (group.inFlight.has(channel.name)) continue;
        const plan = group.plan(channel.name, visible, this.sendResolved.get(channel.name) ?? true, at);
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

  /** Forgets resolved alerts no channel still knows as firing, and the group once it is empty. */
  private compact(group: AlertGroup): void {
    if (group.deliveries > 0 || this.groups.get(group.key) !== group) return;
    group.forgetResolved(this.grouped.map((c) => c.name));
    if (group.empty) {
      group.stop();
      this.groups.delete(group.key);
    }
  }

  private silenced(labels: Readonly<Record<string, string>>, at: number): boolean {
    try {
      return this.options.silencer?.isSilenced(labels, at) ?? false;
    } catch {
      return false; // a broken silence store must not mute everything
    }
  }

  private warnDispatchFailure(error: unknown): void {
    if (this.warnedDispatchFailure) return;
    this.warnedDispatchFailure = true;
    this.options.logger.warn({ msg: DISPATCH_FAILED(error instanceof Error ? error.message : String(error)) });
  }
}
