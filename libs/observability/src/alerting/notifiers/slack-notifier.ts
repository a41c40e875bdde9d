import type { Alert } from '../interfaces/alert.interface.js';
import {
  alertTitle,
  formatComparison,
  formatCorrelation,
  formatFlapping,
  formatTrend,
  notificationTitle,
  MAX_TRACE_IDS,
} from './evidence-format.js';
import { startsAt } from './grouping.js';
import { postJson, type FetchLike } from './http-post.js';
import { isResolved, type Notification, type Notifier } from './notifier.interface.js';
import { parseUrl } from './webhook-notifier.js';

/** Alerts shown as blocks (Slack allows 50 blocks per message, and a reader no more than this). */
export const SLACK_MAX_ALERTS = 10;

export interface SlackNotifierOptions {
  /** The incoming-webhook URL (a secret: `${SLACK_WEBHOOK_URL}`). */
  readonly webhookUrl: string;
  /** @default "slack" */
  readonly name?: string;
  /** Overrides the webhook's channel, where the workspace allows it. */
  readonly channel?: string;
  readonly username?: string;
  /** @default true */
  readonly sendResolved?: boolean;
  readonly fetch?: FetchLike;
}

type Block = Record<string, unknown>;

/** Slack's mrkdwn reserves `&`, `<` and `>`. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: text.length > 2000 ? `${text.slice(0, 1999)}…` : text };
}

function alertBlocks(alert: Alert): Block[] {
  const e = alert.evidence;
  const resolved = isResolved(alert);
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const traces =
    e.traceIds.length === 0
      ? '_none recorded_'
      : e.traceIds
          .slice(0, MAX_TRACE_IDS)
          .map((id) => `\`${escape(id)}\``)
          .join(', ') + (e.traceIds.length > MAX_TRACE_IDS ? ` (+${e.traceIds.length - MAX_TRACE_IDS} more)` : '');
  const fields = [
    mrkdwn(`*Value*\n\`${escape(formatComparison(e))}\`${resolved ? ' (last while firing)' : ''}`),
    mrkdwn(`*Trend*\n${escape(formatTrend(e.trend))}`),
    mrkdwn(`*Traces*\n${traces}`),
    mrkdwn(`*Route*\n${alert.labels.route ? `\`${escape(alert.labels.route)}\`` : '_n/a_'}`),
  ];
  const since = `since ${startsAt(alert).toISOString()}${alert.resolvedAt ? ` · resolved ${alert.resolvedAt.toISOString()}` : ''}`;
  const labels = Object.entries(alert.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const notes = [formatCorrelation(alert), formatFlapping(alert)].filter((n): n is string => n !== undefined);
  const icon = resolved ? ':white_check_mark:' : alert.flapping ? ':arrows_counterclockwise:' : ':red_circle:';
  return [
    {
      type: 'section',
      text: mrkdwn(
        `${icon} *${escape(alertTitle(alert))}*${summary ? `\n${escape(summary)}` : ''}${notes.map((n) => `\n_${escape(n)}_`).join('')}`,
      ),
      fields,
    },
    { type: 'context', elements: [mrkdwn(escape(`${since} · ${labels}`))] },
  ];
}

/** The Block Kit message of a notification: a header, then per alert its evidence and its labels. */
export function slackMessage(
  notification: Notification,
  options: Pick<SlackNotifierOptions, 'channel' | 'username'> = {},
): Record<string, unknown> {
  const title = notificationTitle(notification);
  const shown = notification.alerts.slice(0, SLACK_MAX_ALERTS);
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: true } }];
  shown.forEach((alert, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...alertBlocks(alert));
  });
  const more = notification.alerts.length - shown.length;
  if (more > 0) blocks.push({ type: 'context', elements: [mrkdwn(`…and ${more} more alert(s) in this group`)] });
  return {
    text: title,
    blocks,
    ...(options.channel ? { channel: options.channel } : {}),
    ...(options.username ? { username: options.username } : {}),
  };
}

/** Posts Block Kit messages to a Slack incoming webhook; Slack's 429 Retry-After is honoured by the channel. */
export class SlackNotifier implements Notifier {
  readonly name: string;
  readonly sendResolved: boolean;
  private readonly url: URL;

  constructor(private readonly options: SlackNotifierOptions) {
    this.name = options.name ?? 'slack';
    this.sendResolved = options.sendResolved ?? true;
    this.url = parseUrl(this.name, options.webhookUrl);
  }

  send(notification: Notification, signal: AbortSignal): Promise<void> {
    return postJson({
      channel: this.name,
      url: this.url,
      body: slackMessage(notification, this.options),
      signal,
      fetch: this.options.fetch,
      errorCode: (body) => (/^[a-z_]{1,64}$/.test(body.trim()) ? body.trim() : undefined),
    });
  }
}
