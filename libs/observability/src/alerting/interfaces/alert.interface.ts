/**
 * The contract between the rule evaluator (which decides what fires) and the notification side (which groups,
 * silences and delivers). Shapes follow Prometheus's alert as sent to Alertmanager, so every notifier can map it
 * to its wire format without guessing.
 */

/** Where an alert is in Prometheus's state machine. `inactive` alerts are only ever sent as resolved. */
export type AlertState = 'pending' | 'firing' | 'inactive';

export type ThresholdOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** What a notification shows a person so that they can act without opening a dashboard first. */
export interface AlertEvidence {
  /** The condition's value for this label set at the last evaluation. */
  readonly value: number;
  readonly threshold: number;
  readonly operator: ThresholdOperator;
  /** The condition's value over the rule's window, oldest first: [unix ms, value]. */
  readonly trend: ReadonlyArray<readonly [number, number]>;
  /** Trace ids of the slowest or failed requests behind the value (from exemplars), worst first; may be empty. */
  readonly traceIds: readonly string[];
  /**
   * Alerts of `type: anomaly` rules only: what the learnt baseline expected against what was observed. `value` is
   * then the anomaly score, `threshold` the rule's sensitivity, and `trend` the observed values.
   */
  readonly anomaly?: AnomalyEvidence;
}

/** An anomaly rule's explanation of its score, at the last evaluation where the score was above the sensitivity. */
export interface AnomalyEvidence {
  /** The condition's value. */
  readonly observed: number;
  /** The value the series' baseline expected (its level, plus the hour's offset with seasonality). */
  readonly expected: number;
  /** observed − expected. */
  readonly deviation: number;
  /** The standard deviation the deviation is measured in. */
  readonly scale: number;
  /** |deviation| in standard deviations (before the series' own tail is taken into account). */
  readonly zScore: number;
  /** Whether the seasonal profile (rather than the plain level) judged the value. */
  readonly seasonal: boolean;
}

export interface Alert {
  /** Stable identity of (rule, label set): equal label sets give equal fingerprints. */
  readonly fingerprint: string;
  /** Includes `alertname` and `severity`, then the series' labels, then the rule's own labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Templated annotations (`summary`, `description`, …), `{{ $value }}` and `{{ $labels.x }}` already expanded. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: AlertState;
  /** When the condition first held (start of pending). */
  readonly activeAt: Date;
  /** When it started firing; unset while pending. */
  readonly firedAt?: Date;
  /** When it resolved; set only on alerts sent as resolved. */
  readonly resolvedAt?: Date;
  readonly evidence: AlertEvidence;
}

/**
 * Receives, after every evaluation, every alert that is firing plus those that resolved since the last one —
 * what Prometheus sends to Alertmanager. Grouping, silences, inhibition, repeat and retries live behind it.
 */
export interface AlertSink {
  /** Must not throw and must not block evaluation: delivery happens in the background. */
  send(alerts: readonly Alert[], now: Date): void;
}
