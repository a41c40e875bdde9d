import { yamlModule } from '../../common/index.js';
import type { AlertRule } from '../rules/alert-rule.js';
import { prometheusDuration } from './prometheus-duration.js';

/** The group the exported rules are in (Prometheus requires one). @default "nestjs-observability" */
export interface ExportOptions {
  group?: string;
  /** Evaluation interval of the group, e.g. the app's `alerts.evaluation_interval` (ms). Unset: Prometheus's global one. */
  intervalMs?: number;
}

/** A PromQL number literal for a threshold (`Inf`, `-Inf`, or JavaScript's shortest form, which PromQL parses). */
function promNumber(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** Why a rule is left out of the export: an anomaly rule's threshold is learnt in-process, per series. */
export const NOT_EXPORTED = (rule: AlertRule) =>
  `rule "${rule.name}" (type: anomaly) is not exported: its threshold is learnt in-process per series, which Prometheus cannot do`;

/** The rules {@link exportRules} leaves out (with a comment line each): the `type: anomaly` ones. */
export function notExported(rules: readonly AlertRule[]): AlertRule[] {
  return rules.filter((rule) => rule.anomaly !== undefined);
}

/**
 * The rules as a Prometheus rule file: `expr: (<condition>) <operator> <threshold>`, `for`, `keep_firing_for`,
 * labels (with `severity`) and annotations, which use the same `{{ $value }}` / `{{ $labels.x }}` templates.
 */
export function exportRules(rules: readonly AlertRule[], options: ExportOptions = {}): string {
  const group: Record<string, unknown> = { name: options.group ?? 'nestjs-observability' };
  if (options.intervalMs !== undefined) group['interval'] = prometheusDuration(options.intervalMs);
  group['rules'] = rules
    .filter((rule) => rule.anomaly === undefined)
    .map((rule) => ({
      alert: rule.name,
      expr: `(${rule.condition.trim()}) ${rule.operator} ${promNumber(rule.threshold)}`,
      ...(rule.forMs > 0 ? { for: prometheusDuration(rule.forMs) } : {}),
      ...(rule.keepFiringForMs > 0 ? { keep_firing_for: prometheusDuration(rule.keepFiringForMs) } : {}),
      labels: { severity: rule.severity, ...rule.labels },
      ...(Object.keys(rule.annotations).length > 0 ? { annotations: rule.annotations } : {}),
    }));
  const comments = notExported(rules).map((rule) => `# ${NOT_EXPORTED(rule)}\n`);
  return comments.join('') + yamlModule().stringify({ groups: [group] }, { lineWidth: 0 });
}
