import type { Alert } from '../interfaces/alert.interface.js';
import type { AlertGroup } from '../notifiers/alert-group.js';
import { alertTitle } from '../notifiers/evidence-format.js';
import type { AlertCorrelator } from './alert-correlator.js';
import { annotateCorrelation } from './annotate-correlation.js';

/** A new alert is compared with at most this many firing alerts (bounds the cost of one new alert). */
export const MAX_CORRELATION_CANDIDATES = 256;
/** Comparisons per evaluation at most: in an alert storm, alerts beyond it open groups of their own. */
export const MAX_COMPARISONS_PER_EVALUATION = 2_048;

/**
 * Correlation on top of Alertmanager's grouping: a firing alert whose own group does not exist joins the group of
 * an alert it correlates with, and its own group key follows it there while that group lives; notifications of such
 * a group name the likely cause and mark every alert's part in it.
 */
export class CorrelatedGroups {
  /** An own group key whose alerts joined a correlated group → that group's key. */
  private readonly aliases = new Map<string, string>();
  private budget = MAX_COMPARISONS_PER_EVALUATION;

  constructor(
    private readonly correlator: AlertCorrelator | undefined,
    /** Called once per alert that joined another alert's group. */
    private readonly onJoined: () => void,
  ) {}

  /** A new evaluation's alerts are coming: the comparison budget starts again. */
  startEvaluation(): void {
    this.budget = MAX_COMPARISONS_PER_EVALUATION;
  }

  /** The key of the group an alert with this own key goes to. */
  keyOf(ownKey: string): string {
    return this.aliases.get(ownKey) ?? ownKey;
  }

  /** The group among `groups` that `alert` correlates with (which its own key then joins), if any. */
  join(alert: Alert, ownKey: string, groups: Iterable<AlertGroup>): AlertGroup | undefined {
    if (!this.correlator) return undefined;
    let compared = 0;
    for (const group of groups) {
      for (const member of group.firing()) {
        if (++compared > MAX_CORRELATION_CANDIDATES || --this.budget < 0) return undefined;
        const reason = this.correlator.relate(member, alert);
        if (!reason) continue;
        group.joined.set(alert.fingerprint, { ...reason, with: alertTitle(member) });
        this.aliases.set(ownKey, group.key);
        this.onJoined();
        return group;
      }
    }
    return undefined;
  }

  /** A group's alerts at a flush, the likely cause first and each marked, when correlation joined any. */
  mark(group: AlertGroup, visible: readonly Alert[]): readonly Alert[] {
    if (!this.correlator || group.joined.size === 0) return visible;
    const { alerts, cause } = annotateCorrelation(visible, this.correlator, group.joined, group.labels);
    group.cause = cause?.fingerprint;
    return alerts;
  }

  /** One evaluation's alerts with their correlation marks, as the forward channels (Alertmanager) get them. */
  marked(view: readonly Alert[], groups: Iterable<AlertGroup>): readonly Alert[] {
    if (!this.correlator) return view;
    const marks = new Map<string, Alert['correlation']>();
    for (const group of groups) {
      if (group.joined.size === 0) continue;
      for (const alert of annotateCorrelation(group.current(), this.correlator, group.joined, group.labels).alerts)
        marks.set(alert.fingerprint, alert.correlation);
    }
    if (marks.size === 0) return view;
    return view.map((a) => {
      const correlation = marks.get(a.fingerprint);
      return correlation ? { ...a, correlation } : a;
    });
  }

  /** A group is gone: the own keys that joined it open groups of their own again. */
  forget(groupKey: string): void {
    for (const [own, key] of this.aliases) if (key === groupKey) this.aliases.delete(own);
  }
}
