/** One bad field: where it is, what was there, what was expected. */
export interface ConfigIssue {
  /** Dotted path from the file's root, e.g. `observability.logging.loki.batch_size`. */
  readonly path: string;
  /** The offending value, already rendered safe to print (secrets are `[REDACTED]`). */
  readonly value: unknown;
  readonly expected: string;
}

/** Thrown at startup when the configuration is invalid; lists every bad field at once. */
export class ObservabilityConfigError extends Error {
  override readonly name = 'ObservabilityConfigError';

  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly source?: string,
  ) {
    super(ObservabilityConfigError.format(issues, source));
  }

  private static format(issues: readonly ConfigIssue[], source?: string): string {
    const where = source ? ` (${source})` : '';
    const lines = issues.map((i) => `  - ${i.path}: got ${render(i.value)}; expected ${i.expected}`);
    return `Invalid observability configuration${where}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
  }
}

function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
