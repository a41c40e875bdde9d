import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, NumberField, StringListField } from './validators.js';

const MATCHER = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHERS = 'a list of matchers such as alertname="LlmProviderUnhealthy" or severity=~"warning|info"';

/** One entry of `alerts.inhibit_rules` (Alertmanager's): while a source fires, matching targets are not notified. */
export class InhibitRuleConfig {
  /** Matchers (all must match) that select the alerts which inhibit. */
  @StringListField({ pattern: MATCHER, describe: `a non-empty ${MATCHERS}`, maxItems: 32 }) source_matchers: string[] = [];

  /** Matchers (all must match) that select the alerts which are inhibited. */
  @StringListField({ pattern: MATCHER, describe: `a non-empty ${MATCHERS}`, maxItems: 32 }) target_matchers: string[] = [];

  /** Labels whose values must be equal in source and target. @default [] */
  @StringListField({ pattern: LABEL_NAME, describe: 'a list of label names', maxItems: 32 }) equal: string[] = [];
}

/** `alerts.correlation`: correlated alerts in one notification, under their likely cause. */
export class CorrelationConfig {
  /** @default false */
  @BoolField() enabled = false;

  /** Alerts that start firing at most this far apart can be correlated. @default "5m" */
  @DurationField({ min: 0, max: 86_400_000 }) window = 300_000 as DurationMs;

  /** Alerts sharing the value of any of these labels are correlated. @default ["service", "endpoint", "route", "provider"] */
  @StringListField({ pattern: LABEL_NAME, describe: 'a list of label names', maxItems: 32 })
  labels: string[] = ['service', 'endpoint', 'route', 'provider'];

  /** Alerts whose series have |Pearson r| at least this over the rule window are correlated; 1 turns it off. @default 0.8 */
  @NumberField(0, 1) min_correlation = 0.8;

  /** Evaluations two series must share before they are compared. @default 5 */
  @IntField(3, 1_000) min_points = 5;

  /** Matchers; an alert matching any of them is named the cause before the one whose series moved first. @default [] */
  @StringListField({ pattern: MATCHER, describe: MATCHERS, maxItems: 32 }) upstream: string[] = [];
}

/** `alerts.flapping`: Nagios-style flap detection; a flapping alert gets one notification, not one per change. */
export class FlappingConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** The history state changes are counted over (in evaluations: window / evaluation_interval, at least 3). @default "10m" */
  @DurationField({ min: 1_000, max: 86_400_000 }) window = 600_000 as DurationMs;

  /** Start flapping when the weighted share of evaluations that changed state reaches this. @default 0.2 */
  @NumberField(0, 1) high_threshold = 0.2;

  /** Stop flapping once it falls below this (at most high_threshold). @default 0.05 */
  @NumberField(0, 1) low_threshold = 0.05;
}

/** `alerts.rate_limit`: token buckets on notifications, per channel. */
export class RateLimitConfig {
  /** Notifications per channel per window; 0: unlimited. @default 0 */
  @IntField(0, 1_000_000) max_notifications = 0;

  /** Notifications bringing news of one rule's alerts, per channel per window; 0: unlimited. @default 0 */
  @IntField(0, 1_000_000) max_per_rule = 0;

  /** The window both limits count over (tokens come back continuously). @default "1h" */
  @DurationField({ min: 1_000, max: 604_800_000 }) window = 3_600_000 as DurationMs;
}

/** Checks across the fields above; `field` is relative to `alerts`. */
export function fatigueConfigIssues(alerts: {
  inhibit_rules: readonly InhibitRuleConfig[];
  flapping: FlappingConfig;
}): { field: string; value: unknown; expected: string }[] {
  const issues: { field: string; value: unknown; expected: string }[] = [];
  alerts.inhibit_rules.forEach((rule, i) => {
    for (const field of ['source_matchers', 'target_matchers'] as const) {
      if (rule[field].length === 0) issues.push({ field: `inhibit_rules.${i}.${field}`, value: [], expected: 'at least one matcher' });
    }
  });
  const { high_threshold: high, low_threshold: low } = alerts.flapping;
  if (low > high) issues.push({ field: 'flapping.low_threshold', value: low, expected: `a number at most high_threshold (${high})` });
  return issues;
}
