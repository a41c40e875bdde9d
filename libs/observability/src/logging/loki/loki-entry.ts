/** One log line waiting to be batched. */
export interface LokiEntry {
  /** The JSON line exactly as the app's log destination received it, without the newline. */
  line: string;
  /** Milliseconds since the epoch, from the line's `time`. */
  ms: number;
  /** Position among lines of the same millisecond: the nanosecond digits, so order survives in Loki. */
  seq: number;
  /** Value of the `level` label (`info`, `error`…; `unknown` for a line that is not pino JSON). */
  level: string;
  /** Structured metadata (values[2]): only the configured fields present on the line, as strings. */
  meta: Record<string, string> | undefined;
}

const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * Turns lines into entries. Timestamps get a per-millisecond sequence in the nanosecond digits: lines of one
 * millisecond keep their order, and no two lines share a timestamp (Loki drops an entry whose timestamp and line
 * both equal another's).
 */
export class EntryParser {
  private lastMs = -1;
  private seq = 0;
  private readonly fields: readonly string[];

  constructor(fields: readonly string[]) {
    this.fields = fields;
  }

  parse(line: string, now: number): LokiEntry {
    let record: Record<string, unknown> | undefined;
    try {
      const value: unknown = JSON.parse(line);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) record = value as Record<string, unknown>;
    } catch {
      record = undefined;
    }
    const ms = record ? timeOf(record['time'], now) : now;
    const level = record ? levelOf(record['level']) : 'unknown';
    return { line, ms, seq: this.next(ms), level, meta: record ? this.metadata(record) : undefined };
  }

  private next(ms: number): number {
    if (ms === this.lastMs) return this.seq < 999_999 ? ++this.seq : this.seq;
    if (ms > this.lastMs) this.lastMs = ms;
    this.seq = 0;
    return 0;
  }

  private metadata(record: Record<string, unknown>): Record<string, string> | undefined {
    let meta: Record<string, string> | undefined;
    for (const field of this.fields) {
      const value = record[field];
      if (typeof value === 'string' ? value.length > 0 : typeof value === 'number' || typeof value === 'boolean') {
        (meta ??= {})[field] = String(value);
      }
    }
    return meta;
  }
}

function timeOf(time: unknown, now: number): number {
  if (typeof time === 'number' && Number.isFinite(time)) return Math.trunc(time);
  if (typeof time === 'string') {
    const ms = Date.parse(time);
    if (Number.isFinite(ms)) return ms;
  }
  return now;
}

function levelOf(level: unknown): string {
  if (typeof level === 'string' && /^[a-z]{1,16}$/.test(level)) return level;
  if (typeof level === 'number') return PINO_LEVELS[level] ?? 'unknown';
  return 'unknown';
}

/** `ms` and `seq` as Loki's nanosecond timestamp string. */
export function nanos(entry: Pick<LokiEntry, 'ms' | 'seq'>): string {
  return `${entry.ms}${String(entry.seq).padStart(6, '0')}`;
}
