import { isSecretKeyName, sanitizeText } from '../common/index.js';
import { CONFIG_ISSUE_LINE, INVALID_CONFIGURATION } from './config.messages.js';

/** One bad field: where it is, what was there, what was expected. */
export interface ConfigIssue {
  /** Dotted path from the file's root, e.g. `observability.logging.loki.batch_size`. */
  readonly path: string;
  /** The offending value. Made safe to print by {@link ObservabilityConfigError}, whatever it holds. */
  readonly value: unknown;
  readonly expected: string;
  /** Environment variables the value was interpolated from: their values are never printed. */
  readonly fromEnv?: readonly string[];
}

/** A value that an error describes instead of printing (a secret, a value from the environment, an unknown key's). */
export class Withheld {
  constructor(readonly description: string) {}

  toJSON(): string {
    return this.description;
  }
}

/** The value of a key the schema does not know: it may be a misspelled secret (`bearer_tokn`), so it is not shown. */
export const UNKNOWN_KEY_VALUE = new Withheld('a value (not shown)');

const MAX_SHOWN = 120;
const MAX_DEPTH = 4;

/**
 * Thrown at startup when the configuration is invalid; lists every bad field at once. Every issue is made safe
 * here, the one place every configuration error passes through, so neither the message nor the `issues` an
 * uncaught-exception dump prints can carry a secret: values of secret-looking fields and keys are withheld,
 * values that came from the environment are named by their variable, URLs lose their userinfo and secret query
 * values, and unknown keys' values are not shown.
 */
export class ObservabilityConfigError extends Error {
  override readonly name = 'ObservabilityConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(
    issues: readonly ConfigIssue[],
    readonly source?: string,
  ) {
    const safe = issues.map(safeIssue);
    super(ObservabilityConfigError.format(safe, source));
    this.issues = safe;
    // The message lists every issue already: an uncaught error's dump should not print them a second time.
    Object.defineProperty(this, 'issues', { enumerable: false });
    Object.defineProperty(this, 'source', { enumerable: false });
  }

  private static format(issues: readonly ConfigIssue[], source?: string): string {
    const where = source ? ` (${source})` : '';
    return INVALID_CONFIGURATION(
      where,
      issues.map((i) => CONFIG_ISSUE_LINE(i.path, render(i.value), i.expected)),
    );
  }
}

function safeIssue(issue: ConfigIssue): ConfigIssue {
  const field = issue.path.slice(issue.path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  let value: unknown;
  if (issue.fromEnv && issue.fromEnv.length > 0) {
    value = new Withheld(`the value of ${issue.fromEnv.map((name) => `\${${name}}`).join(', ')} (not shown)`);
  } else if (issue.value instanceof Withheld || issue.value === undefined) {
    value = issue.value;
  } else if (isSecretKeyName(field)) {
    value = '[REDACTED]';
  } else {
    value = clean(issue.value, 0);
  }
  return { path: sanitizeText(issue.path), value, expected: sanitizeText(issue.expected) };
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (value === null || typeof value !== 'object' || value instanceof Withheld) return value;
  if (depth >= MAX_DEPTH) return new Withheld('[…]');
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = isSecretKeyName(key) ? '[REDACTED]' : clean(item, depth + 1);
  return out;
}

function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Withheld) return value.description;
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 3)}...` : value);
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  try {
    const json = JSON.stringify(value);
    return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN - 3)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
