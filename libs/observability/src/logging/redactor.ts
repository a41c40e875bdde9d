import { REDACTED, RedactionPolicy } from '../common/index.js';

const MAX_DEPTH = 10;

/**
 * Removes secrets from what is about to be logged, by the suite's one {@link RedactionPolicy}: values of secret keys
 * at any depth, including inside Error objects that carry request configs; secrets inside strings (URL userinfo,
 * secret query parameters and `key=value` pairs, however encoded); and over-long strings, which are cut. Copy-on-write: an object with nothing to change is returned as is.
 */
export class Redactor {
  private readonly policy: RedactionPolicy;

  /** `keys` are redacted in addition to the policy's built-in list. */
  constructor(
    keys: readonly string[],
    private readonly maxValueLength: number,
  ) {
    this.policy = new RedactionPolicy(keys);
  }

  /** Redacts a log record's fields. */
  redact(record: Record<string, unknown>): Record<string, unknown> {
    return this.value(record, 0, new WeakSet()) as Record<string, unknown>;
  }

  /** Redacts a message string. */
  string(value: string): string {
    let out = this.policy.text(value);
    if (out.length > this.maxValueLength) {
      out = `${out.slice(0, this.maxValueLength)}...[truncated ${out.length - this.maxValueLength} chars]`;
    }
    return out;
  }

  private value(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.string(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(value);
    try {
      if (value instanceof Error) return this.error(value, depth, seen);
      if (Array.isArray(value)) return this.array(value, depth, seen);
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === 'function') return this.value(toJSON.call(value), depth + 1, seen);
        if (value instanceof Map) return this.object(Object.fromEntries(value), depth, seen, true);
      }
      return this.object(value as Record<string, unknown>, depth, seen, false);
    } finally {
      seen.delete(value);
    }
  }

  private array(items: unknown[], depth: number, seen: WeakSet<object>): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const next = this.value(items[i], depth + 1, seen);
      if (next !== items[i]) (out ??= items.slice())[i] = next;
    }
    return out ?? items;
  }

  private object(obj: Record<string, unknown>, depth: number, seen: WeakSet<object>, copied: boolean): Record<string, unknown> {
    let out: Record<string, unknown> | undefined = copied ? obj : undefined;
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const current = obj[key];
      const next = this.policy.isSecretKey(key)
        ? current === undefined || current === null
          ? current
          : REDACTED
        : this.value(current, depth + 1, seen);
      if (next !== current) (out ??= { ...obj })[key] = next;
    }
    if (!out && Object.getPrototypeOf(obj) !== Object.prototype && Object.getPrototypeOf(obj) !== null) return { ...obj };
    return out ?? obj;
  }

  /** An Error becomes a plain object (type, message, stack, its own fields, cause), redacted like any other. */
  private error(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const plain: Record<string, unknown> = { type: error.constructor?.name ?? error.name, message: error.message, stack: error.stack };
    for (const key of Object.keys(error)) {
      if (key !== 'message' && key !== 'stack') plain[key] = (error as unknown as Record<string, unknown>)[key];
    }
    if (error.cause !== undefined) plain['cause'] = error.cause;
    if (error instanceof AggregateError) plain['errors'] = error.errors;
    return this.object(plain, depth, seen, true);
  }
}
