import { hostname } from 'node:os';
import type { Level } from 'pino';
import { IsoClock } from './iso-clock.js';
import type { Redactor } from './redactor.js';

/** What the request line says. Strings from the request itself (url, user agent) are redacted and bounded. */
export interface RequestLine {
  level: Level;
  requestId: string;
  userId?: string;
  traceId?: string;
  spanId?: string;
  method: string | undefined;
  url: string | undefined;
  route: string;
  userAgent: string | undefined;
  status: number;
  durationMs: number;
  aborted: boolean;
}

export const REQUEST_LINE_MSG = 'request completed';

const USER_AGENT_MAX = 256;

export function boundUserAgent(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined || userAgent.length <= USER_AGENT_MAX) return userAgent;
  return `${userAgent.slice(0, USER_AGENT_MAX)}...[truncated ${userAgent.length - USER_AGENT_MAX} chars]`;
}

/** The request line as fields for pino (used when lines go through pino: text format, several streams). */
export function requestLineFields(line: RequestLine): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    request_id: line.requestId,
    req: { method: line.method, url: line.url, route: line.route, user_agent: line.userAgent },
    res: { status_code: line.status },
    duration_ms: line.durationMs,
  };
  if (line.userId !== undefined) fields['user_id'] = line.userId;
  if (line.traceId) fields['trace_id'] = line.traceId;
  if (line.spanId) fields['span_id'] = line.spanId;
  if (line.aborted) fields['aborted'] = true;
  return fields;
}

/** Past this many (method, route) pairs, their `"req"` prefixes are built per line instead of cached. */
const MAX_CACHED_PREFIXES = 1_000;

/**
 * The request line serialised directly: the same JSON object pino would write (same keys, same order of the
 * standard fields), without pino's generic per-call work (mixin, formatters, key-by-key serialisation) — which is
 * most of what one line per request costs. What repeats from line to line is serialised once: the `"req"` prefix
 * of each (method, route), the last user agent. Every string is quoted by JSON's rules (JSON.stringify where a
 * character needs escaping), so no header or URL can break out of its field or its line.
 */
export class RequestLineWriter {
  private readonly prefix = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  private readonly clock = new IsoClock();
  /** method → route → prefix. */
  private readonly reqPrefixes = new Map<string | undefined, Map<string, string>>();
  private cachedPrefixes = 0;
  private lastUserAgent: string | undefined;
  private lastUserAgentField = '';

  constructor(private readonly redactor: Redactor) {}

  serialize(line: RequestLine): string {
    const url = line.url === undefined ? '' : `,"url":${quote(this.redactor.string(line.url))}`;
    let ids = `,"request_id":${quote(line.requestId)}`;
    if (line.userId !== undefined) ids += `,"user_id":${quote(line.userId)}`;
    if (line.traceId) ids += `,"trace_id":${quote(line.traceId)}`;
    if (line.spanId) ids += `,"span_id":${quote(line.spanId)}`;
    return (
      `{"level":"${line.level}","time":"${this.clock.now()}"${this.prefix}${ids}${this.reqPrefix(line.method, line.route)}${url}` +
      `${this.userAgentField(line.userAgent)}},"res":{"status_code":${line.status}}` +
      `,"duration_ms":${line.durationMs}${line.aborted ? ',"aborted":true' : ''},"msg":"${REQUEST_LINE_MSG}"}\n`
    );
  }

  /** `,"req":{"method":"GET","route":"/api/items/:id"`, cached per pair (both come from bounded sets). */
  private reqPrefix(method: string | undefined, route: string): string {
    let byRoute = this.reqPrefixes.get(method);
    if (byRoute === undefined) this.reqPrefixes.set(method, (byRoute = new Map()));
    let prefix = byRoute.get(route);
    if (prefix === undefined) {
      prefix = `,"req":{${method === undefined ? '' : `"method":${quote(method)},`}"route":${quote(route)}`;
      if (this.cachedPrefixes < MAX_CACHED_PREFIXES) {
        this.cachedPrefixes++;
        byRoute.set(route, prefix);
      }
    }
    return prefix;
  }

  /** `,"user_agent":"…"`, redacted; the last one is kept, since clients send the same one request after request. */
  private userAgentField(userAgent: string | undefined): string {
    if (userAgent === undefined) return '';
    if (userAgent !== this.lastUserAgent) {
      this.lastUserAgent = userAgent;
      this.lastUserAgentField = `,"user_agent":${quote(this.redactor.string(userAgent))}`;
    }
    return this.lastUserAgentField;
  }
}

/** `value` as a JSON string: quoted as it is when nothing in it needs escaping (ids, methods, most paths). */
function quote(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0xd800) return JSON.stringify(value);
  }
  return `"${value}"`;
}
