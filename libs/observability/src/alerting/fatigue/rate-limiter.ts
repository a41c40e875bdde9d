import type { Alert } from '../interfaces/alert.interface.js';
import { TokenBucket } from './token-bucket.js';

export interface RateLimitOptions {
  /** The window both limits count over. */
  readonly windowMs: number;
  /** Notifications per channel per window; 0: unlimited. */
  readonly global: number;
  /** Notifications bringing news of a rule's alerts, per rule and channel per window; 0: unlimited. */
  readonly perRule: number;
}

export interface Admission {
  /** The alerts that may go out now (their rules' and the channel's tokens are taken). */
  readonly admitted: readonly Alert[];
  /** The alerts held back by a limit. */
  readonly limited: readonly Alert[];
}

/**
 * Notification rate limits as token buckets, kept per channel: at most `global` notifications per window to a
 * channel, and at most `perRule` of them bringing news of one rule's alerts. `admit` gets the news of a
 * notification: a rule over its limit has its news held back; a channel over its limit gets none of it.
 */
export class NotificationRateLimiter {
  private readonly channels = new Map<string, TokenBucket>();
  private readonly rules = new Map<string, TokenBucket>();

  constructor(private readonly options: RateLimitOptions) {}

  admit(channel: string, alerts: readonly Alert[], at: number): Admission {
    const names = [...new Set(alerts.map(ruleOf))];
    const open = new Set(
      this.options.perRule > 0
        ? names.filter((n) => this.bucket(this.rules, `${channel}\u0000${n}`, this.options.perRule, at).available(at))
        : names,
    );
    let admitted = alerts.filter((a) => open.has(ruleOf(a)));
    if (admitted.length > 0 && this.options.global > 0 && !this.bucket(this.channels, channel, this.options.global, at).take(at))
      admitted = [];
    if (admitted.length === 0) return { admitted, limited: alerts };
    if (this.options.perRule > 0) for (const name of open) this.rules.get(`${channel}\u0000${name}`)?.take(at);
    return { admitted, limited: alerts.filter((a) => !open.has(ruleOf(a))) };
  }

  private bucket(map: Map<string, TokenBucket>, key: string, capacity: number, at: number): TokenBucket {
    let bucket = map.get(key);
    if (!bucket) map.set(key, (bucket = new TokenBucket(capacity, this.options.windowMs, at)));
    return bucket;
  }
}

function ruleOf(alert: Alert): string {
  return alert.labels.alertname ?? '';
}
