import type { Alert } from '../interfaces/alert.interface.js';
import type { DeliveryChannel } from './delivery-channel.js';
import type { GroupingOptions } from './grouping.js';
import { isResolved, type Notification } from './notifier.interface.js';

const FORWARD_KEY = 'forward';

/**
 * Feeds `forward` channels (Alertmanager's API) the way Prometheus's notifier does: a new or re-fired alert at
 * once, an unchanged firing alert again every `resend_delay` (so that Alertmanager keeps it alive), a resolution
 * once. Alertmanager groups and deduplicates by itself. A batch that could not go out yet absorbs the next one.
 */
export class AlertForwarder {
  /** Per fingerprint: when it was last forwarded as firing. */
  private readonly lastSent = new Map<string, number>();

  constructor(
    readonly channels: readonly DeliveryChannel[],
    private readonly grouping: GroupingOptions,
    /** Silenced or inhibited now. */
    private readonly muted: (alert: Alert, at: number) => boolean,
  ) {}

  forward(alerts: readonly Alert[], now: Date, at: number): void {
    if (this.channels.length === 0) return;
    const batch: Alert[] = [];
    const seen = new Set<string>();
    for (const alert of alerts) {
      if (alert.state === 'pending' || this.muted(alert, at)) continue;
      seen.add(alert.fingerprint);
      const last = this.lastSent.get(alert.fingerprint);
      if (isResolved(alert)) {
        this.lastSent.delete(alert.fingerprint);
        batch.push(alert);
      } else if (last === undefined || at - last >= this.grouping.resendDelayMs) {
        this.lastSent.set(alert.fingerprint, at);
        batch.push(alert);
      }
    }
    // Alerts that stopped arriving end by themselves at Alertmanager (their endsAt); forget them here.
    for (const [fp, last] of this.lastSent) if (!seen.has(fp) && at - last > this.grouping.resolveTimeoutMs) this.lastSent.delete(fp);
    if (batch.length === 0) return;
    for (const channel of this.channels) {
      channel.enqueue({ key: FORWARD_KEY, notification: batchOf(channel.name, batch, now), combine: merge });
    }
  }
}

function batchOf(receiver: string, alerts: readonly Alert[], sentAt: Date): Notification {
  return {
    receiver,
    groupKey: FORWARD_KEY,
    status: alerts.some((a) => !isResolved(a)) ? 'firing' : 'resolved',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts,
    sentAt,
  };
}

/** The newer batch wins per alert; alerts only the older batch had (resolutions above all) are kept. */
function merge(older: Notification, newer: Notification): Notification {
  const byFingerprint = new Map(older.alerts.map((a) => [a.fingerprint, a]));
  for (const alert of newer.alerts) byFingerprint.set(alert.fingerprint, alert);
  return batchOf(newer.receiver, [...byFingerprint.values()], newer.sentAt);
}
