/** One problem of a rules file, located for the person who has to fix it. */
export interface RuleIssue {
  /** 1-based line in the rules file, when known. */
  readonly line?: number;
  /** The rule's name (or its index, when it has no usable name). */
  readonly rule?: string;
  /** `condition`, `threshold`, `labels.team`, … */
  readonly field: string;
  readonly problem: string;
}

export const RULES_FILE_UNREADABLE = (file: string, reason: string) => `Alert rules file ${file} cannot be read: ${reason}.`;

export const RULE_ISSUE_LINE = (file: string, issue: RuleIssue) =>
  `  - ${file}${issue.line !== undefined ? `:${issue.line}` : ''}${issue.rule !== undefined ? ` rule "${issue.rule}"` : ''} ${issue.field}: ${issue.problem}`;

export const INVALID_RULES = (file: string, issues: readonly RuleIssue[]) =>
  `Invalid alert rules in ${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issues.map((i) => RULE_ISSUE_LINE(file, i)).join('\n')}`;

export const CONDITION_PROBLEM = (message: string, position: number, condition: string) =>
  `${message} at position ${position + 1} of ${JSON.stringify(condition.length > 160 ? `${condition.slice(0, 157)}...` : condition)}`;

export const EVALUATION_FAILED = 'alert evaluation failed; the previous alert states are kept until the next evaluation';

export const METRICS_REQUIRED = (file: string) =>
  `AlertingModule has rules (${file}) but no MetricsService to read samples from: import MetricsModule.forRoot() (or ObservabilityModule) in the same app.`;

export const SCHEDULED_EVALUATION_FAILED = 'alert evaluation failed';

export const SINK_THREW = 'alert sink threw; these alerts are sent again at the next evaluation';

export const RULE_FAILING = 'alert rule cannot be evaluated; its alerts keep their state until it can';

export const RULE_RECOVERED = 'alert rule evaluates again';
