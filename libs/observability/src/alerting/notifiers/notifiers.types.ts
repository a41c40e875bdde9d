/** The time source and timers of the notification side; tests inject fakes. */
export interface NotifierClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's clock and timers; timers are unref'd so that pending notifications never keep the process alive. */
export const systemClock: NotifierClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
});

/** The part of Nest's `LoggerService` the notification side writes to: one line per state change, never per attempt. */
export interface NotifierLogger {
  log(message: unknown, ...optional: unknown[]): void;
  warn(message: unknown, ...optional: unknown[]): void;
}

/** Why a notification never reached its channel. */
export type NotificationDropReason = 'queue_full' | 'rejected' | 'retries_exhausted' | 'shutdown';

export const NOTIFICATION_DROP_REASONS: readonly NotificationDropReason[] = ['queue_full', 'rejected', 'retries_exhausted', 'shutdown'];

/**
 * Receives every drop, for a counter such as `<ns>_alert_notifications_dropped_total{channel,reason}`; `alerts`
 * is how many alerts the dropped notification carried.
 */
export type NotificationDropListener = (channel: string, reason: NotificationDropReason, alerts: number) => void;
