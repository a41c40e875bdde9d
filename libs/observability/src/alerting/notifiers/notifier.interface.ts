import type { Alert } from '../interfaces/alert.interface.js';

/**
 * What one channel receives: a group's alerts as Alertmanager would hand them to a receiver. Firing alerts come
 * first, then resolved ones (`resolvedAt` set); every alert carries its evidence.
 */
export interface Notification {
  /** The channel's name (`slack`, `webhook:ops`, …), Alertmanager's `receiver`. */
  readonly receiver: string;
  /** Identity of the group (`{}:{alertname="HighErrorRate"}`); stable across notifications of one group. */
  readonly groupKey: string;
  /** `firing` while any alert of the notification fires. */
  readonly status: 'firing' | 'resolved';
  /** The values of the `group_by` labels that define the group. */
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Labels every alert of the notification shares. */
  readonly commonLabels: Readonly<Record<string, string>>;
  /** Annotations every alert of the notification shares. */
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly alerts: readonly Alert[];
  /** When the dispatcher built it. */
  readonly sentAt: Date;
}

/**
 * One delivery channel. `send` resolves once the receiver accepted the notification and rejects otherwise,
 * preferably with a {@link NotifyError} saying whether a retry can help; any other error is retried. Errors must
 * never quote a secret (webhook URL, password): they name the channel, the host and the status.
 */
export interface Notifier {
  /** Unique among the dispatcher's channels; used in log lines and drop counters. */
  readonly name: string;
  /**
   * `grouped` (default): notifications per group, with group_wait / group_interval / repeat_interval.
   * `forward`: every alert on every evaluation (re-sent at most every `resend_delay`), as Prometheus sends to
   * Alertmanager, which groups by itself.
   */
  readonly mode?: 'grouped' | 'forward';
  /** Whether resolved alerts are notified. @default true */
  readonly sendResolved?: boolean;
  send(notification: Notification, signal: AbortSignal): Promise<void>;
}

/** A failed delivery, described without secrets. */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';

  constructor(
    message: string,
    /** False for answers a retry cannot change (400, 401, 403, 404, 413, …). */
    readonly retryable: boolean,
    /** The receiver's `Retry-After`, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function isResolved(alert: Alert): boolean {
  return alert.resolvedAt !== undefined || alert.state === 'inactive';
}
