import { INVALID_RULES, RULES_FILE_UNREADABLE, type RuleIssue } from '../alerting.messages.js';

/** Thrown at startup when the rules file cannot be read or has bad rules; lists every problem at once. */
export class AlertRulesError extends Error {
  override readonly name = 'AlertRulesError';

  constructor(
    readonly file: string,
    readonly issues: readonly RuleIssue[],
    reason?: string,
  ) {
    super(reason !== undefined ? RULES_FILE_UNREADABLE(file, reason) : INVALID_RULES(file, issues));
  }
}
