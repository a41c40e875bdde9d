import type { Alert } from '../interfaces/alert.interface.js';
import { parseMatcher, type CompiledMatcher } from '../silences/silence-matcher.js';

/** One of `alerts.inhibit_rules`, in Alertmanager's terms. */
export interface InhibitRuleInput {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  /** Labels whose values must be equal in source and target (a label missing in both counts as equal). */
  readonly equal: readonly string[];
}

interface InhibitRule {
  readonly source: readonly CompiledMatcher[];
  readonly target: readonly CompiledMatcher[];
  readonly equal: readonly string[];
}

/**
 * Alertmanager's inhibition: while an alert matching a rule's source matchers fires, alerts matching its target
 * matchers with the same values of its `equal` labels are not notified (they are still evaluated and listed). An
 * alert never inhibits itself, and an alert matching both sides is not inhibited by another that also matches
 * both (Alertmanager's rule against mutual inhibition). Sources count whether silenced or not, as in Alertmanager.
 */
export class Inhibitor {
  private readonly rules: readonly InhibitRule[];

  /** Throws naming `observability.alerts.inhibit_rules[i].<field>[j]` for a matcher that does not parse. */
  constructor(inputs: readonly InhibitRuleInput[]) {
    this.rules = inputs.map((input, i) => ({
      source: compile(input.source_matchers, `inhibit_rules[${i}].source_matchers`),
      target: compile(input.target_matchers, `inhibit_rules[${i}].target_matchers`),
      equal: [...input.equal],
    }));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Fingerprints of the firing alerts that inhibit `target` (none: it is notified as usual). */
  inhibitedBy(target: Alert, firing: Iterable<Alert>): string[] {
    const by = new Set<string>();
    for (const rule of this.rules) {
      if (!rule.target.every((m) => m.matches(target.labels))) continue;
      const targetIsSource = rule.source.every((m) => m.matches(target.labels));
      for (const source of firing) {
        if (source.fingerprint === target.fingerprint || by.has(source.fingerprint)) continue;
        if (!rule.source.every((m) => m.matches(source.labels))) continue;
        if (targetIsSource && rule.target.every((m) => m.matches(source.labels))) continue;
        if (rule.equal.every((name) => (source.labels[name] ?? '') === (target.labels[name] ?? ''))) by.add(source.fingerprint);
      }
    }
    return [...by];
  }
}

function compile(matchers: readonly string[], field: string): CompiledMatcher[] {
  return matchers.map((text, j) => {
    try {
      return parseMatcher(text);
    } catch (error) {
      throw new Error(`observability.alerts.${field}[${j}]: ${(error as Error).message}`, { cause: error });
    }
  });
}
