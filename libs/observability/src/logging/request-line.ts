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

/**
 * The request line serialised directly: the same JSON object pino would write (same keys, same order of the
 * standard fields), without pino's generic per-call work (mixin, formatters, key-by-key serialisation) — which is
 * most of what one line per request costs. Every string is written with JSON.stringify, so no header or URL can
 * break out of its field or its line.
 */
export class RequestLineWriter {
  private readonly prefix = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  private readonly clock = new IsoClock();

  constructor(private readonly redactor: Redactor) {}

  serialize(line: RequestLine): string {
    const q = JSON.stringify;
    const url = line.url === undefined ? '' : `,"url":${q(this.redactor.string(line.url))}`;
    const ua = line.userAgent === undefined ? '' : `,"user_agent":${q(this.redactor.string(line.userAgent))}`;
    const method = line.method === undefined ? '' : `"method":${q(line.method)},`;
    let ids = `,"request_id":${q(line.requestId)}`;
    if (line.userId !== undefined) ids += `,"user_id":${q(line.userId)}`;
    if (line.traceId) ids += `,"trace_id":${q(line.traceId)}`;
    if (line.spanId) ids += `,"span_id":${q(line.spanId)}`;
    return (
      `{"level":"${line.level}","time":"${this.clock.now()}"${this.prefix}${ids}` +
      `,"req":{${method}"route":${q(line.route)}${url}${ua}},"res":{"status_code":${line.status}}` +
      `,"duration_ms":${line.durationMs}${line.aborted ? ',"aborted":true' : ''},"msg":"${REQUEST_LINE_MSG}"}\n`
    );
  }
}
