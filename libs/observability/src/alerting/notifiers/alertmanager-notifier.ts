import type { Alert } from '../interfaces/alert.interface.js';
import { formatComparison, formatCorrelationReason, formatFlapping, formatTrend } from './evidence-format.js';
import { startsAt } from './grouping.js';
import { postJson, type FetchLike } from './http-post.js';
import { isResolved, type Notification, type Notifier } from './notifier.interface.js';
import { parseUrl } from './webhook-notifier.js';

export interface AlertmanagerNotifierOptions {
  /** Alertmanager's base URL (`http://alertmanager:9093`); alerts go to `<url>/api/v2/alerts`. */
  readonly url: string;
  /** @default "alertmanager" */
  readonly name?: string;
  /** Extra request headers (`Authorization` for a proxy in front of Alertmanager); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A firing alert's `endsAt` is this far after it was sent, so that Alertmanager resolves it by itself if the
   * app stops sending; Prometheus uses 4 × max(resend_delay, evaluation_interval). @default 240000
   */
  readonly endsAfterMs?: number;
  /** `generatorURL` of each alert (where its value can be seen, e.g. the app's `GET /alerts`). @default "" */
  readonly generatorUrl?: string;
  readonly fetch?: FetchLike;
}

/** One element of `POST /api/v2/alerts` (Alertmanager's `postableAlert`). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/**
 * Alertmanager keeps only labels and annotations, so the evidence travels as annotations (`value`, `threshold`,
 * `trend`, `trace_ids`), each left alone when the rule already sets an annotation of that name.
 */
export function postableAlert(alert: Alert, sentAt: Date, endsAfterMs: number, generatorURL = ''): PostableAlert {
  const e = alert.evidence;
  const evidence: Record<string, string> = {
    value: formatComparison(e),
    threshold: `${e.operator} ${e.threshold}`,
    trend: formatTrend(e.trend),
    trace_ids: e.traceIds.join(','),
    ...suiteAnnotations(alert),
  };
  return {
    labels: { ...alert.labels },
    annotations: { ...evidence, ...alert.annotations },
    startsAt: startsAt(alert).toISOString(),
    endsAt: (isResolved(alert) ? (alert.resolvedAt ?? sentAt) : new Date(sentAt.getTime() + endsAfterMs)).toISOString(),
    generatorURL,
  };
}

/**
 * Correlation and flapping as annotations: `cause` (and `correlation`, why) on an alert reported under another,
 * `correlated_alerts` on the cause, `flapping` with its change count. Annotations do not change an alert's identity.
 */
function suiteAnnotations(alert: Alert): Record<string, string> {
  const out: Record<string, string> = {};
  const c = alert.correlation;
  if (c?.role === 'effect') {
    out.cause = c.cause.title;
    if (c.reason) out.correlation = formatCorrelationReason(c.reason);
  }
  if (c?.role === 'cause') out.correlated_alerts = (c.effects ?? []).join(', ');
  const flapping = formatFlapping(alert);
  if (flapping) out.flapping = flapping.replace(/^flapping: /, '');
  return out;
}

/**
 * Sends alerts to Alertmanager's v2 API as Prometheus does (a `forward` channel: every firing alert again every
 * `resend_delay`, resolutions with their end time); Alertmanager then groups, silences and routes them itself.
 */
export class AlertmanagerNotifier implements Notifier {
  readonly name: string;
  readonly mode = 'forward' as const;
  readonly sendResolved = true;
  private readonly url: URL;

  constructor(private readonly options: AlertmanagerNotifierOptions) {
    this.name = options.name ?? 'alertmanager';
    const base = parseUrl(this.name, options.url);
    this.url = new URL(`${base.pathname.replace(/\/+$/, '')}/api/v2/alerts`, base);
  }

  send(notification: Notification, signal: AbortSignal): Promise<void> {
    const endsAfter = this.options.endsAfterMs ?? 240_000;
    return postJson({
      channel: this.name,
      url: this.url,
      body: notification.alerts.map((a) => postableAlert(a, notification.sentAt, endsAfter, this.options.generatorUrl)),
      headers: this.options.headers,
      signal,
      fetch: this.options.fetch,
    });
  }
}
