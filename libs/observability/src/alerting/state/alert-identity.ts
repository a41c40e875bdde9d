import { createHash } from 'node:crypto';
import { labelsKey, METRIC_NAME, type Labels } from '../promql/labels.js';
import type { AlertRule } from '../rules/alert-rule.js';

/**
 * An alert's labels as Prometheus builds them: the series' labels without the metric name, overridden by the
 * rule's labels, then `severity` and `alertname`. `alertname` and `severity` come first, for readers.
 */
export function alertLabels(rule: AlertRule, series: Labels): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(series)) if (name !== METRIC_NAME) merged[name] = value;
  Object.assign(merged, rule.labels);
  delete merged['alertname'];
  delete merged['severity'];
  return { alertname: rule.name, severity: rule.severity, ...merged };
}

/** Stable identity of a label set: equal sets, in any key order, give equal fingerprints. */
export function fingerprint(labels: Labels): string {
  return createHash('sha256').update(labelsKey(labels)).digest('hex').slice(0, 16);
}
