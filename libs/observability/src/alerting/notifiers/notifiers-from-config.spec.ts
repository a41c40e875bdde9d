import 'reflect-metadata';
import { describe, expect, it, vi } from 'vitest';
import { alertsConfigIssues, validateObservabilityConfig } from '../../config/index.js';
import { SilenceStore } from '../silences/silence-store.js';
import { dispatcherOptionsFromConfig, silencesFromConfig } from './notifiers-from-config.js';

function messageOf(alerts: unknown): string {
  try {
    validateObservabilityConfig({ alerts });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

const logger = { log: vi.fn(), warn: vi.fn() };

describe('alerts.notification configuration', () => {
  it("defaults to the log channel alone, with Alertmanager's timing", () => {
    const { alerts } = validateObservabilityConfig({});
    const options = dispatcherOptionsFromConfig(alerts.notification, { logger });
    expect(options.notifiers.map((n) => n.name)).toEqual(['log']);
    expect(options.grouping).toEqual({
      groupBy: ['alertname'],
      groupWaitMs: 30_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
      resolveTimeoutMs: 300_000,
      resendDelayMs: 60_000,
    });
    expect(options.retry).toEqual({ maxAttempts: 8, minBackoffMs: 1_000, maxBackoffMs: 60_000, timeoutMs: 10_000 });
    expect(alerts.silences).toEqual([]);
  });

  it('builds every configured channel; an empty webhook URL (an unset ${VAR:-}) leaves it off', () => {
    const { alerts } = validateObservabilityConfig({
      alerts: {
        notification: {
          slack: { webhook_url: 'https://hooks.slack.com/services/T/B/x' },
          email: { smtp_server: 'smtp.example.com:2525', recipients: ['ops@example.com'], from: 'alerts@example.com', tls: 'implicit' },
          webhooks: [{ url: 'http://hooks.internal/alerts' }, { name: 'pager', url: 'https://pager.example.com/x' }, { name: 'off' }],
          alertmanager: { url: 'http://alertmanager:9093' },
          group_by: ['alertname', 'route'],
          group_wait: '10s',
        },
      },
    });
    expect(alertsConfigIssues(alerts)).toEqual([]);
    const options = dispatcherOptionsFromConfig(alerts.notification, { logger, evaluationIntervalMs: 15_000 });
    expect(options.notifiers.map((n) => [n.name, n.mode ?? 'grouped'])).toEqual([
      ['log', 'grouped'],
      ['slack', 'grouped'],
      ['email', 'grouped'],
      ['webhook', 'grouped'],
      ['pager', 'grouped'],
      ['alertmanager', 'forward'],
    ]);
    expect(options.grouping).toMatchObject({ groupBy: ['alertname', 'route'], groupWaitMs: 10_000 });
  });

  it('names the field and never prints a secret in an error', () => {
    const message = messageOf({
      notification: {
        slack: { webhook_url: 'hooks.slack.com/services/T/B/s3cret' },
        email: { password: 'hunter2', tls: 'ssl' },
        webhooks: [{ url: 'ftp://x', max_alerts: -1, headers: { authorization: 42 } }],
        group_by: ['alert-name'],
        group_interval: '0s',
      },
    });
    expect(message).not.toContain('s3cret');
    expect(message).not.toContain('hunter2');
    expect(message).toContain(
      '- observability.alerts.notification.slack.webhook_url: got "[REDACTED]"; expected an absolute http:// or https:// URL',
    );
    expect(message).toContain(
      '- observability.alerts.notification.email.tls: got "ssl"; expected one of "starttls", "implicit", "opportunistic", "none"',
    );
    expect(message).toContain(
      '- observability.alerts.notification.webhooks.0.url: got "[REDACTED]"; expected an absolute http:// or https:// URL',
    );
    expect(message).toContain('- observability.alerts.notification.webhooks.0.max_alerts: got -1; expected an integer from 0 to 10000');
    expect(message).toContain('- observability.alerts.notification.webhooks.0.headers: got "[REDACTED]"');
    expect(message).toContain(
      '- observability.alerts.notification.group_by: got ["alert-name"]; expected a list of label names, or ["..."] for all labels',
    );
    expect(message).toContain(
      '- observability.alerts.notification.group_interval: got 0; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 1000ms and 86400000ms',
    );
  });

  it('fails startup on what spans fields: e-mail without recipients or sender, duplicate webhook names, silences that end first', () => {
    const message = messageOf({
      notification: {
        email: { smtp_server: 'smtp.example.com' },
        webhooks: [
          { name: 'a', url: 'http://x/' },
          { name: 'a', url: 'http://y/' },
        ],
      },
      silences: [{ matchers: ['a="b"'], starts_at: '2026-01-02T00:00:00Z', ends_at: '2026-01-01T00:00:00Z' }],
    });
    expect(message.split('\n').slice(1)).toEqual([
      '  - observability.alerts.notification.email.from: got nothing; expected the sender address when smtp_server is set',
      '  - observability.alerts.notification.email.recipients: got []; expected at least one address when smtp_server is set',
      '  - observability.alerts.notification.webhooks.1.name: got "a"; expected a name no other webhook has',
      '  - observability.alerts.silences.0.ends_at: got "2026-01-01T00:00:00Z"; expected a time after starts_at',
    ]);
  });
});

describe('alerts.silences configuration', () => {
  it('becomes the silence store’s initial silences', () => {
    const { alerts } = validateObservabilityConfig({
      alerts: { silences: [{ matchers: ['severity="warning"', 'route=~"/api/.*"'], ends_at: '2026-01-01T13:00:00Z', comment: 'deploy' }] },
    });
    const store = new SilenceStore({ now: () => Date.UTC(2026, 0, 1, 12), initial: silencesFromConfig(alerts) });
    expect(store.isSilenced({ severity: 'warning', route: '/api/chat' }, Date.UTC(2026, 0, 1, 12, 30))).toBe(true);
    expect(store.isSilenced({ severity: 'warning', route: '/api/chat' }, Date.UTC(2026, 0, 1, 13))).toBe(false);
  });

  it('rejects a malformed matcher or time with the path', () => {
    const message = messageOf({ silences: [{ matchers: ['severity'], ends_at: 'tomorrow' }] });
    expect(message).toContain('- observability.alerts.silences.0.matchers: got ["severity"]; expected a non-empty list of matchers');
    expect(message).toContain(
      '- observability.alerts.silences.0.ends_at: got "tomorrow"; expected an ISO 8601 time such as "2026-01-01T12:00:00Z"',
    );
  });
});
