import { randomUUID } from 'node:crypto';
import type { AlertSilencer } from '../notifiers/notification-dispatcher.js';
import { matcherFromApi, parseMatcher, type ApiMatcher, type CompiledMatcher } from './silence-matcher.js';
import { SILENCE_INVALID, SILENCE_NOT_FOUND } from './silences.messages.js';

/** An update named a silence that does not exist (404, not 400). */
export class SilenceNotFoundError extends Error {
  constructor(id: string) {
    super(SILENCE_NOT_FOUND(id));
  }
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** What a caller gives to create a silence: Alertmanager's postable silence, with string matchers allowed too. */
export interface SilenceInput {
  /** Replaces the silence with this id when it exists (as Alertmanager's POST does). */
  id?: string;
  matchers: ReadonlyArray<string | ApiMatcher>;
  /** ISO time; default: now. */
  startsAt?: string | Date;
  /** ISO time, after `startsAt`. */
  endsAt: string | Date;
  createdBy?: string;
  comment?: string;
}

/** A silence as `GET /alerts/silences` shows it (Alertmanager's `gettableSilence`). */
export interface SilenceView {
  id: string;
  status: { state: SilenceState };
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
}

interface Silence {
  id: string;
  matchers: CompiledMatcher[];
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
}

export interface SilenceStoreOptions {
  /** Silences from the configuration, created at startup (ids `config-0`, `config-1`, …). */
  readonly initial?: readonly SilenceInput[];
  /** Silences held at once (expired ones included until `retentionMs`). @default 1000 */
  readonly maxSilences?: number;
  /** How long an expired silence stays listed. @default 86400000 (24 h) */
  readonly retentionMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Silences with Alertmanager's semantics: an alert is muted while a silence whose every matcher matches its labels
 * is active (`startsAt` ≤ now < `endsAt`). Silences end by themselves; expired ones are kept for `retentionMs` so
 * that a person can see what was muted, then forgotten. Alerts are still evaluated: only notifications are muted.
 */
export class SilenceStore implements AlertSilencer {
  private readonly silences = new Map<string, Silence>();
  private readonly now: () => number;
  private readonly maxSilences: number;
  private readonly retentionMs: number;

  constructor(options: SilenceStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxSilences = options.maxSilences ?? 1_000;
    this.retentionMs = options.retentionMs ?? 86_400_000;
    options.initial?.forEach((input, i) => {
      try {
        this.upsert({ ...input, id: `config-${i}` }, true);
      } catch (error) {
        throw new Error(`observability.alerts.silences[${i}]: ${(error as Error).message}`, { cause: error });
      }
    });
  }

  /** Creates (or, with a known `id`, replaces) a silence; throws a message fit for a 400 answer. */
  add(input: SilenceInput): SilenceView {
    return this.view(this.upsert(input, false), this.now());
  }

  /** Silences, newest first; `state` filters. */
  list(state?: SilenceState): SilenceView[] {
    const now = this.now();
    this.collect(now);
    return [...this.silences.values()]
      .map((s) => this.view(s, now))
      .filter((v) => !state || v.status.state === state)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }

  get(id: string): SilenceView | undefined {
    const now = this.now();
    this.collect(now);
    const silence = this.silences.get(id);
    return silence && this.view(silence, now);
  }

  /** Ends a silence now (Alertmanager's DELETE); false when unknown or already expired. */
  expire(id: string): boolean {
    const now = this.now();
    const silence = this.silences.get(id);
    if (!silence || silence.endsAt <= now) return false;
    silence.endsAt = now;
    if (silence.startsAt > now) silence.startsAt = now;
    silence.updatedAt = now;
    return true;
  }

  isSilenced(labels: Readonly<Record<string, string>>, at: number): boolean {
    for (const s of this.silences.values()) if (this.mutes(s, labels, at)) return true;
    return false;
  }

  /** Ids of the silences muting these labels at `at` (Alertmanager's `silencedBy`). */
  silencedBy(labels: Readonly<Record<string, string>>, at: number): string[] {
    return [...this.silences.values()].filter((s) => this.mutes(s, labels, at)).map((s) => s.id);
  }

  private mutes(s: Silence, labels: Readonly<Record<string, string>>, at: number): boolean {
    return s.startsAt <= at && at < s.endsAt && s.matchers.every((m) => m.matches(labels));
  }

  private upsert(input: SilenceInput, fromConfig: boolean): Silence {
    const now = this.now();
    if (!input || typeof input !== 'object') throw new Error(SILENCE_INVALID('the body must be a JSON object'));
    if (!Array.isArray(input.matchers) || input.matchers.length === 0) {
      throw new Error(SILENCE_INVALID('"matchers" must be a non-empty list'));
    }
    const matchers = input.matchers.map((m, i) => {
      try {
        return typeof m === 'string' ? parseMatcher(m) : matcherFromApi(m);
      } catch (error) {
        throw new Error(SILENCE_INVALID(`matchers[${i}]: ${(error as Error).message}`), { cause: error });
      }
    });
    if (matchers.every((m) => m.matches({}))) {
      throw new Error(SILENCE_INVALID('at least one matcher must not match the empty string (it would mute every alert)'));
    }
    const startsAt = input.startsAt === undefined ? now : time(input.startsAt, 'startsAt');
    const endsAt = time(input.endsAt, 'endsAt');
    if (endsAt <= startsAt) throw new Error(SILENCE_INVALID('"endsAt" must be after "startsAt"'));
    if (!fromConfig && endsAt <= now) throw new Error(SILENCE_INVALID('"endsAt" is in the past'));
    for (const field of ['createdBy', 'comment'] as const) {
      const value = input[field];
      if (value !== undefined && (typeof value !== 'string' || value.length > 1024)) {
        throw new Error(SILENCE_INVALID(`"${field}" must be a string of at most 1024 characters`));
      }
    }
    this.collect(now);
    if (!fromConfig && input.id !== undefined && !this.silences.has(input.id)) throw new SilenceNotFoundError(input.id);
    const id = input.id ?? randomUUID();
    if (!this.silences.has(id) && this.silences.size >= this.maxSilences) {
      throw new Error(SILENCE_INVALID(`already ${this.maxSilences} silences; expire some first`));
    }
    const silence: Silence = {
      id,
      matchers,
      // As in Alertmanager, a new silence cannot start in the past.
      startsAt: fromConfig ? startsAt : Math.max(startsAt, now),
      endsAt,
      updatedAt: now,
      createdBy: input.createdBy ?? (fromConfig ? 'configuration' : ''),
      comment: input.comment ?? '',
    };
    this.silences.set(id, silence);
    return silence;
  }

  /** Forgets silences that expired more than `retentionMs` ago. */
  private collect(now: number): void {
    for (const [id, s] of this.silences) if (s.endsAt <= now - this.retentionMs) this.silences.delete(id);
  }

  private view(s: Silence, now: number): SilenceView {
    return {
      id: s.id,
      status: { state: now < s.startsAt ? 'pending' : now < s.endsAt ? 'active' : 'expired' },
      matchers: s.matchers.map((m) => m.toApi()),
      startsAt: new Date(s.startsAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
      updatedAt: new Date(s.updatedAt).toISOString(),
      createdBy: s.createdBy,
      comment: s.comment,
    };
  }
}

function time(value: unknown, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new Error(SILENCE_INVALID(`"${field}" must be an ISO 8601 time such as 2026-01-01T12:00:00Z`));
  return ms;
}
