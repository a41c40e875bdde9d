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

  /**
   * The sources among `firing`, indexed per rule by their `equal` label values, so that looking up a target costs
   * one map read per rule instead of a pass over every firing alert.
   */
  index(firing: Iterable<Alert>): InhibitionIndex {
    const perRule = this.rules.map(() => new Map<string, Alert[]>());
    for (const alert of firing) {
      this.rules.forEach((rule, i) => {
        if (!rule.source.every((m) => m.matches(alert.labels))) return;
        const key = equalKey(rule, alert);
        const sources = perRule[i]!.get(key);
        if (sources) sources.push(alert);
        else perRule[i]!.set(key, [alert]);
      });
    }
    return new InhibitionIndex(this.rules, perRule);
  }

  /** Fingerprints of the firing alerts that inhibit `target` (none: it is notified as usual). */
  inhibitedBy(target: Alert, firing: Iterable<Alert>): string[] {
    return this.index(firing).inhibitedBy(target);
  }
}

/** The firing sources of every inhibit rule at one evaluation. */
export class InhibitionIndex {
  constructor(
    private readonly rules: readonly InhibitRule[],
    private readonly sources: ReadonlyArray<ReadonlyMap<string, readonly Alert[]>>,
  ) {}

  inhibitedBy(target: Alert): string[] {
    const by = new Set<string>();
    this.rules.forEach((rule, i) => {
      if (!rule.target.every((m) => m.matches(target.labels))) return;
      const targetIsSource = rule.source.every((m) => m.matches(target.labels));
      for (const source of this.sources[i]!.get(equalKey(rule, target)) ?? []) {
        if (source.fingerprint === target.fingerprint) continue;
        // Alertmanager: an alert matching both sides is not inhibited by another that also matches both.
        if (targetIsSource && rule.target.every((m) => m.matches(source.labels))) continue;
        by.add(source.fingerprint);
      }
    });
    return [...by];
  }
}

function equalKey(rule: InhibitRule, alert: Alert): string {
  return JSON.stringify(rule.equal.map((name) => alert.labels[name] ?? ''));
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
