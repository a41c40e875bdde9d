import type { Notification, Notifier } from './notifier.interface.js';
import { NotifyError } from './notifier.interface.js';
import { CHANNEL_CLOSED_WITH_LOSS, CHANNEL_FAILING, CHANNEL_RECOVERED } from './notifiers.messages.js';
import type { NotificationDropListener, NotificationDropReason, NotifierClock, NotifierLogger } from './notifiers.types.js';
import { retryDelay, type RetryPolicy } from './retry-policy.js';

/** How a queued notification ended: `superseded` when a newer one for the same key replaced it before it went out. */
export type DeliveryOutcome = 'delivered' | 'superseded' | 'dropped';

export interface DeliveryJob {
  /** Jobs with equal keys replace each other while waiting (a group's newer state makes the older one moot). */
  readonly key: string;
  notification: Notification;
  /** How a newer job's notification absorbs the one it replaces; default: the newer one alone. */
  readonly combine?: (older: Notification, newer: Notification) => Notification;
  readonly settle?: (outcome: DeliveryOutcome) => void;
}

export interface DeliveryChannelOptions {
  readonly queueSize: number;
  readonly retry: RetryPolicy;
  readonly clock: NotifierClock;
  readonly logger: NotifierLogger;
  readonly onDrop?: NotificationDropListener;
  readonly random?: () => number;
}

export interface DeliveryChannelStats {
  readonly queued: number;
  readonly delivered: number;
  readonly failing: boolean;
  readonly dropped: Readonly<Record<NotificationDropReason, number>>;
}

interface Entry extends DeliveryJob {
  attempts: number;
}

/**
 * One channel's bounded queue, delivered one notification at a time so that the receiver sees them in order. A
 * failure keeps the notification at the head and waits (exponential backoff, or the receiver's Retry-After); a
 * channel that fails only ever delays itself. The first failure logs one warning, the first success after it one
 * recovery line with what was lost meanwhile; nothing is logged per attempt.
 */
export class DeliveryChannel {
  private readonly queue: Entry[] = [];
  private inFlight: { entry: Entry; controller: AbortController; timer: unknown } | undefined;
  private retryTimer: unknown;
  private retryAt = 0;
  private failingSince: number | undefined;
  private dropsWhileFailing: Partial<Record<NotificationDropReason, number>> = {};
  private delivered = 0;
  private readonly dropped: Record<NotificationDropReason, number> = { queue_full: 0, rejected: 0, retries_exhausted: 0, shutdown: 0 };
  private deadline = Infinity;
  private closed = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly notifier: Notifier,
    private readonly options: DeliveryChannelOptions,
  ) {}

  get name(): string {
    return this.notifier.name;
  }

  /** Queues a notification; never throws, never waits. */
  enqueue(job: DeliveryJob): void {
    if (this.closed) {
      this.drop({ ...job, attempts: 0 }, 'shutdown');
      return;
    }
    const waiting = this.queue.findIndex((e) => e.key === job.key && e !== this.inFlight?.entry);
    if (waiting >= 0) {
      const older = this.queue[waiting]!;
      this.queue[waiting] = {
        ...job,
        notification: job.combine ? job.combine(older.notification, job.notification) : job.notification,
        attempts: older.attempts,
      };
      guard(() => older.settle?.('superseded'));
    } else {
      this.queue.push({ ...job, attempts: 0 });
      if (this.queue.length > this.options.queueSize) {
        const oldest = this.queue.findIndex((e) => e !== this.inFlight?.entry);
        this.drop(this.queue.splice(oldest, 1)[0]!, 'queue_full');
      }
    }
    this.pump();
  }

  stats(): DeliveryChannelStats {
    return { queued: this.queue.length, delivered: this.delivered, failing: this.failingSince !== undefined, dropped: { ...this.dropped } };
  }

  /**
   * Delivers what is queued until `deadline` (clock ms), retrying sooner than backoff would, then aborts what is in
   * flight and drops the rest (`shutdown`). Runs once; later calls return at once.
   */
  async close(deadline: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.deadline = deadline;
    const { clock } = this.options;
    if (this.queue.length > 0) {
      if (this.retryAt > deadline) this.rescheduleRetry(clock.now());
      await new Promise<void>((resolve) => {
        const timer = clock.setTimeout(resolve, Math.max(0, deadline - clock.now()));
        this.drained = () => {
          clock.clearTimeout(timer);
          resolve();
        };
      });
    }
    this.drained = undefined;
    if (this.retryTimer !== undefined) clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.inFlight) {
      clock.clearTimeout(this.inFlight.timer);
      this.inFlight.controller.abort();
      this.inFlight = undefined;
    }
    const lost = this.queue.splice(0);
    for (const entry of lost) this.drop(entry, 'shutdown');
    if (lost.length > 0)
      guard(() => this.options.logger.warn({ channel: this.name, msg: CHANNEL_CLOSED_WITH_LOSS(this.name, lost.length) }));
  }

  private pump(): void {
    const { clock } = this.options;
    if (this.inFlight || this.retryTimer !== undefined) return;
    const entry = this.queue[0];
    if (!entry) {
      this.drained?.();
      return;
    }
    const now = clock.now();
    if (now < this.retryAt) {
      this.rescheduleRetry(this.retryAt);
      return;
    }
    entry.attempts++;
    const controller = new AbortController();
    const timeout = Math.max(1, Math.min(this.options.retry.timeoutMs, this.deadline - now));
    const timer = clock.setTimeout(() => guard(() => controller.abort()), timeout);
    this.inFlight = { entry, controller, timer };
    let sent: Promise<void>;
    try {
      sent = this.notifier.send(entry.notification, controller.signal);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      () => guard(() => this.settle(entry, undefined)),
      (error: unknown) => guard(() => this.settle(entry, error)),
    );
  }

  private settle(entry: Entry, error: unknown): void {
    if (this.inFlight?.entry !== entry) return; // aborted at shutdown and already counted
    this.options.clock.clearTimeout(this.inFlight.timer);
    const aborted = this.inFlight.controller.signal.aborted;
    this.inFlight = undefined;
    if (error === undefined) this.succeed(entry);
    else this.fail(entry, error, aborted);
    this.pump();
  }

  private succeed(entry: Entry): void {
    this.queue.splice(this.queue.indexOf(entry), 1);
    this.delivered++;
    this.retryAt = 0;
    if (this.failingSince !== undefined) {
      const msg = CHANNEL_RECOVERED(this.name, this.options.clock.now() - this.failingSince, this.dropsWhileFailing);
      guard(() => this.options.logger.log({ channel: this.name, msg }));
      this.failingSince = undefined;
      this.dropsWhileFailing = {};
    }
    guard(() => entry.settle?.('delivered'));
  }

  private fail(entry: Entry, error: unknown, aborted: boolean): void {
    const now = this.options.clock.now();
    const retry = this.options.retry;
    const failure =
      error instanceof NotifyError
        ? error
        : new NotifyError(aborted ? `no answer within ${retry.timeoutMs}ms` : describeUnknown(error), true);
    if (this.failingSince === undefined) {
      this.failingSince = now;
      const msg = CHANNEL_FAILING(this.name, failure.message, this.options.queueSize, retry.maxAttempts);
      guard(() => this.options.logger.warn({ channel: this.name, msg }));
    }
    if (!failure.retryable || entry.attempts >= retry.maxAttempts) {
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.drop(entry, failure.retryable ? 'retries_exhausted' : 'rejected');
      return;
    }
    const at = now + retryDelay(retry, entry.attempts, failure.retryAfterMs, this.options.random);
    this.rescheduleRetry(Math.min(at, this.deadline));
  }

  private rescheduleRetry(at: number): void {
    const { clock } = this.options;
    if (this.retryTimer !== undefined) clock.clearTimeout(this.retryTimer);
    this.retryAt = at;
    this.retryTimer = clock.setTimeout(
      () =>
        guard(() => {
          this.retryTimer = undefined;
          this.retryAt = 0;
          this.pump();
        }),
      Math.max(0, at - clock.now()),
    );
  }

  private drop(entry: Entry, reason: NotificationDropReason): void {
    this.dropped[reason]++;
    if (this.failingSince !== undefined) this.dropsWhileFailing[reason] = (this.dropsWhileFailing[reason] ?? 0) + 1;
    guard(() => this.options.onDrop?.(this.name, reason, entry.notification.alerts.length));
    guard(() => entry.settle?.('dropped'));
  }
}

/**
 * Runs a callback from a timer, a promise settlement or a listener (a logger, a counter): whatever it throws stays
 * here, because an exception there would surface as an uncaught error and could end the app.
 */
function guard(fn: () => void): void {
  try {
    fn();
  } catch {
    // Delivery goes on; the next notification or timer tries again.
  }
}

/** An unexpected error, reduced to its class and code: its message might quote a URL with credentials. */
function describeUnknown(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return 'unknown error';
}
