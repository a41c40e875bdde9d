import type { Alert, AnomalyEvidence } from '../interfaces/alert.interface.js';
import { startsAt } from './grouping.js';
import { postJson, type FetchLike } from './http-post.js';
import { isResolved, type Notification, type Notifier } from './notifier.interface.js';

/** Alertmanager's "zero" time: the `endsAt` of an alert that has not ended. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookNotifierOptions {
  /** The receiver's URL; a secret when it embeds a token (use `${VAR}` interpolation in the configuration). */
  readonly url: string;
  /** Channel name in logs and counters. @default "webhook" */
  readonly name?: string;
  /** Extra request headers (`Authorization`); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /** @default true */
  readonly sendResolved?: boolean;
  /** At most this many alerts per request, the rest counted in `truncatedAlerts`; 0 = all. @default 0 */
  readonly maxAlerts?: number;
  /** `externalURL` of the payload: where a person finds the alerts (the app's `GET /alerts`). @default "" */
  readonly externalUrl?: string;
  readonly fetch?: FetchLike;
}

/** One alert of Alertmanager's webhook payload, plus the suite's `evidence`, which receivers may ignore. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  evidence: {
    value: number;
    threshold: number;
    operator: string;
    trend: Array<[number, number]>;
    traceIds: string[];
    /** Anomaly rules only: expected against observed. */
    anomaly?: AnomalyEvidence;
  };
}

/** Alertmanager's webhook payload, version 4. */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

export function webhookAlert(alert: Alert, generatorURL = ''): WebhookAlert {
  const e = alert.evidence;
  return {
    status: isResolved(alert) ? 'resolved' : 'firing',
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    startsAt: startsAt(alert).toISOString(),
    endsAt: alert.resolvedAt?.toISOString() ?? ZERO_TIME,
    generatorURL,
    fingerprint: alert.fingerprint,
    evidence: {
      value: e.value,
      threshold: e.threshold,
      operator: e.operator,
      trend: e.trend.map(([t, v]) => [t, v]),
      traceIds: [...e.traceIds],
      ...(e.anomaly ? { anomaly: { ...e.anomaly } } : {}),
    },
  };
}

export function webhookPayload(notification: Notification, maxAlerts = 0, externalURL = ''): WebhookPayload {
  const alerts = maxAlerts > 0 ? notification.alerts.slice(0, maxAlerts) : notification.alerts;
  return {
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: notification.alerts.length - alerts.length,
    status: notification.status,
    receiver: notification.receiver,
    groupLabels: { ...notification.groupLabels },
    commonLabels: { ...notification.commonLabels },
    commonAnnotations: { ...notification.commonAnnotations },
    externalURL,
    alerts: alerts.map((a) => webhookAlert(a, externalURL)),
  };
}

/** POSTs Alertmanager's webhook payload (version 4) with each alert's evidence to any HTTP receiver. */
export class WebhookNotifier implements Notifier {
  readonly name: string;
  readonly sendResolved: boolean;
  private readonly url: URL;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.name = options.name ?? 'webhook';
    this.sendResolved = options.sendResolved ?? true;
    this.url = parseUrl(this.name, options.url);
  }

  send(notification: Notification, signal: AbortSignal): Promise<void> {
    return postJson({
      channel: this.name,
      url: this.url,
      body: webhookPayload(notification, this.options.maxAlerts, this.options.externalUrl),
      headers: this.options.headers,
      signal,
      fetch: this.options.fetch,
    });
  }
}

/** Parses a configured URL; the error never repeats it (it may hold a token). */
export function parseUrl(channel: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`alert notifier "${channel}": the URL is not an absolute http:// or https:// URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`alert notifier "${channel}": the URL must use http:// or https://, not ${parsed.protocol}`);
  }
  return parsed;
}
