import type { ManagementAuth } from '../../common/index.js';
import { SilenceNotFoundError, type SilenceInput, type SilenceState, type SilenceStore } from './silence-store.js';
import { SILENCE_NOT_FOUND, SILENCES_DISABLED, SILENCES_UNAUTHORIZED } from './silences.messages.js';

/** The largest request body accepted (a silence is a few hundred bytes). */
export const MAX_SILENCE_BODY_BYTES = 64 * 1024;

export interface SilencesResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface SilencesRequest {
  readonly method: string;
  /** Path and query, as the adapter received them (`/alerts/silences?state=active`). */
  readonly url: string;
  /** The raw `Authorization` header. */
  readonly authorization: unknown;
  /** The body as the adapter parsed it (an object), or raw (string / Buffer), or undefined. */
  readonly body?: unknown;
}

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;
const STATES: readonly SilenceState[] = ['pending', 'active', 'expired'];

function reply(statusCode: number, body: unknown, extra: Record<string, string> = {}): SilencesResponse {
  return { statusCode, headers: { ...HEADERS, ...extra }, body };
}

/**
 * `GET/POST /alerts/silences`, `GET/DELETE /alerts/silences/:id`, independent of the server they are served on
 * (the module routes them on the app's Express or Fastify adapter). Every call needs the management token:
 * silences reveal label values, and creating one mutes notifications. Bodies and answers use Alertmanager's v2
 * shapes (`{ matchers: [{name, value, isRegex, isEqual}], startsAt, endsAt, createdBy, comment }`, `{ silenceID }`);
 * matchers may also be written as strings (`severity="warning"`).
 */
export class SilencesHttpHandler {
  readonly path: string;

  constructor(
    private readonly store: SilenceStore,
    private readonly auth: ManagementAuth,
    /** @default "/alerts/silences" */
    path = '/alerts/silences',
  ) {
    this.path = path.replace(/\/+$/, '');
  }

  /** Whether a request path (query ignored) belongs to this handler. */
  matches(url: string): boolean {
    const path = pathOf(url);
    return path === this.path || path.startsWith(`${this.path}/`);
  }

  handle(request: SilencesRequest): SilencesResponse {
    if (!this.auth.enabled) return reply(403, { error: SILENCES_DISABLED });
    if (!this.auth.isAuthorized(request.authorization))
      return reply(401, { error: SILENCES_UNAUTHORIZED }, { 'www-authenticate': 'Bearer' });
    const path = pathOf(request.url);
    const rest = path.slice(this.path.length).replace(/^\/+/, '');
    const id = rest ? safeDecode(rest) : undefined;
    const method = request.method.toUpperCase();
    if (id === undefined) {
      if (method === 'GET') return this.list(request.url);
      if (method === 'POST') return this.create(request.body);
      return reply(405, { error: `${method} not allowed on ${this.path}` }, { allow: 'GET, POST' });
    }
    if (id.includes('/')) return reply(404, { error: SILENCE_NOT_FOUND(id) });
    if (method === 'GET') {
      const silence = this.store.get(id);
      return silence ? reply(200, silence) : reply(404, { error: SILENCE_NOT_FOUND(id) });
    }
    if (method === 'DELETE') {
      if (this.store.expire(id)) return reply(200, {});
      return this.store.get(id) ? reply(200, {}) : reply(404, { error: SILENCE_NOT_FOUND(id) });
    }
    return reply(405, { error: `${method} not allowed on ${this.path}/:id` }, { allow: 'GET, DELETE' });
  }

  private list(url: string): SilencesResponse {
    const state = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '').get('state');
    if (state !== null && !STATES.includes(state as SilenceState)) {
      return reply(400, { error: `state must be one of ${STATES.join(', ')}` });
    }
    return reply(200, this.store.list((state as SilenceState | null) ?? undefined));
  }

  private create(raw: unknown): SilencesResponse {
    let input: unknown = raw;
    if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
      if (raw.length > MAX_SILENCE_BODY_BYTES) return reply(413, { error: `the body exceeds ${MAX_SILENCE_BODY_BYTES} bytes` });
      try {
        input = JSON.parse(raw.toString());
      } catch {
        return reply(400, { error: 'the body is not valid JSON' });
      }
    }
    try {
      const silence = this.store.add(input as SilenceInput);
      return reply(200, { silenceID: silence.id });
    } catch (error) {
      if (error instanceof SilenceNotFoundError) return reply(404, { error: error.message });
      return reply(400, { error: (error as Error).message });
    }
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
