import { hostname } from 'node:os';
import type { DestinationStream, Level } from 'pino';
import { IsoClock } from './iso-clock.js';
import { LogWriter } from './log-writer.js';
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

/** A part of the line that is JSON already: its text (for {@link RequestLineWriter.serialize}) and its UTF-8 bytes. */
interface Fragment {
  readonly text: string;
  readonly bytes: Buffer;
}

function fragment(text: string): Fragment {
  return { text, bytes: Buffer.from(text) };
}

const NO_FRAGMENT = fragment('');
const USER_ID = Buffer.from(',"user_id":');
const TRACE_ID = Buffer.from(',"trace_id":');
const SPAN_ID = Buffer.from(',"span_id":');
const URL_KEY = Buffer.from(',"url":');
const STATUS_KEY = Buffer.from('},"res":{"status_code":');
const DURATION_KEY = Buffer.from('},"duration_ms":');
const TAIL = Buffer.from(`,"msg":"${REQUEST_LINE_MSG}"}\n`);
const ABORTED_TAIL = Buffer.from(`,"aborted":true,"msg":"${REQUEST_LINE_MSG}"}\n`);
/** Status codes whose `},"res":{"status_code":N},"duration_ms":` is kept as bytes (Node allows 100 to 999). */
const CACHED_STATUSES = 1000;

/**
 * The request line serialised directly: the same JSON object pino would write (same keys, same order of the
 * standard fields), without pino's generic per-call work (mixin, formatters, key-by-key serialisation) — which is
 * most of what one line per request costs. What repeats from line to line is serialised once, and kept as bytes: the
 * line's opening for each level, the process' fields, the `"req"` prefix of each (method, route), the last user
 * agent, the status part of each status code. Every string is quoted by JSON's rules (JSON.stringify where a
 * character needs escaping), so no header or URL can break out of its field or its line.
 */
export class RequestLineWriter {
  private readonly prefix = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  /** What follows the time up to the request id's value: `","pid":…,"hostname":…,"request_id":`. */
  private readonly afterTime = Buffer.from(`"${this.prefix},"request_id":`);
  /** `{"level":"info","time":"`, by level. */
  private readonly heads = new Map<string, Buffer>();
  private readonly clock = new IsoClock();
  /** method → route → prefix. */
  private readonly reqPrefixes = new Map<string | undefined, Map<string, Fragment>>();
  private cachedPrefixes = 0;
  private lastUserAgent: string | undefined;
  private lastUserAgentField = NO_FRAGMENT;
  private readonly statusParts: (Buffer | undefined)[] = [];

  constructor(private readonly redactor: Redactor) {}

  /**
   * Writes the line to `destination`. Into the suite's own writer it is encoded as bytes straight into the writer's
   * chunk — the same bytes {@link serialize} would give, without building the string, its parts and its flattened
   * copy (~1.4 KB of garbage per request, and a large share of what the line cost). Anywhere else, as a string.
   */
  write(destination: DestinationStream, line: RequestLine): void {
    if (destination instanceof LogWriter) this.encode(destination, line);
    else destination.write(this.serialize(line));
  }

  /**
   * The parts that repeat are copied as bytes (one `TypedArray.set` each); strings from the request are written
   * character by character. Fewer, larger copies: a call per part was most of what encoding cost.
   */
  private encode(out: LogWriter, line: RequestLine): void {
    const time = this.clock.now();
    const url = line.url === undefined ? undefined : this.redactor.string(line.url);
    const head = this.head(line.level);
    const reqPrefix = this.reqPrefix(line.method, line.route).bytes;
    const userAgent = this.userAgentField(line.userAgent).bytes;
    const { requestId, userId, traceId, spanId } = line;
    // An upper bound of the line's bytes: the cached parts are bytes already, the time is ASCII, and a string
    // quoted here takes at most 6 bytes per UTF-16 unit (a `\u` escape and its four hex digits) plus its quotes.
    const bound =
      FIXED_BYTES +
      head.length +
      time.length +
      this.afterTime.length +
      reqPrefix.length +
      userAgent.length +
      quotedBound(requestId) +
      (userId === undefined ? 0 : quotedBound(userId)) +
      (traceId ? quotedBound(traceId) : 0) +
      (spanId ? quotedBound(spanId) : 0) +
      (url === undefined ? 0 : quotedBound(url));
    const buf = out.reserve(bound);
    if (buf === undefined) {
      out.write(this.serialize(line));
      return;
    }
    let p = put(buf, out.cursor, head);
    p = putRaw(buf, p, time);
    p = putQuoted(buf, put(buf, p, this.afterTime), requestId);
    if (userId !== undefined) p = putQuoted(buf, put(buf, p, USER_ID), userId);
    if (traceId) p = putQuoted(buf, put(buf, p, TRACE_ID), traceId);
    if (spanId) p = putQuoted(buf, put(buf, p, SPAN_ID), spanId);
    p = put(buf, p, reqPrefix);
    if (url !== undefined) p = putQuoted(buf, put(buf, p, URL_KEY), url);
    p = put(buf, p, userAgent);
    const status = line.status;
    const statusPart = this.statusPart(status);
    p = statusPart === undefined ? put(buf, putNumber(buf, put(buf, p, STATUS_KEY), status), DURATION_KEY) : put(buf, p, statusPart);
    p = putNumber(buf, p, line.durationMs);
    out.commit(put(buf, p, line.aborted ? ABORTED_TAIL : TAIL));
  }

  serialize(line: RequestLine): string {
    const url = line.url === undefined ? '' : `,"url":${quote(this.redactor.string(line.url))}`;
    let ids = `,"request_id":${quote(line.requestId)}`;
    if (line.userId !== undefined) ids += `,"user_id":${quote(line.userId)}`;
    if (line.traceId) ids += `,"trace_id":${quote(line.traceId)}`;
    if (line.spanId) ids += `,"span_id":${quote(line.spanId)}`;
    return (
      `{"level":"${line.level}","time":"${this.clock.now()}"${this.prefix}${ids}${this.reqPrefix(line.method, line.route).text}${url}` +
      `${this.userAgentField(line.userAgent).text}},"res":{"status_code":${line.status}}` +
      `,"duration_ms":${line.durationMs}${line.aborted ? ',"aborted":true' : ''},"msg":"${REQUEST_LINE_MSG}"}\n`
    );
  }

  private head(level: string): Buffer {
    let head = this.heads.get(level);
    if (head === undefined) this.heads.set(level, (head = Buffer.from(`{"level":"${level}","time":"`)));
    return head;
  }

  /** `,"req":{"method":"GET","route":"/api/items/:id"`, cached per pair (both come from bounded sets). */
  private reqPrefix(method: string | undefined, route: string): Fragment {
    let byRoute = this.reqPrefixes.get(method);
    if (byRoute === undefined) this.reqPrefixes.set(method, (byRoute = new Map()));
    let prefix = byRoute.get(route);
    if (prefix === undefined) {
      prefix = fragment(`,"req":{${method === undefined ? '' : `"method":${quote(method)},`}"route":${quote(route)}`);
      if (this.cachedPrefixes < MAX_CACHED_PREFIXES) {
        this.cachedPrefixes++;
        byRoute.set(route, prefix);
      }
    }
    return prefix;
  }

  /** `,"user_agent":"…"`, redacted; the last one is kept, since clients send the same one request after request. */
  private userAgentField(userAgent: string | undefined): Fragment {
    if (userAgent === undefined) return NO_FRAGMENT;
    if (userAgent !== this.lastUserAgent) {
      this.lastUserAgent = userAgent;
      this.lastUserAgentField = fragment(`,"user_agent":${quote(this.redactor.string(userAgent))}`);
    }
    return this.lastUserAgentField;
  }

  /** `},"res":{"status_code":200},"duration_ms":` as bytes, for an integer status below 1000. */
  private statusPart(status: number): Buffer | undefined {
    if (!(Number.isInteger(status) && status >= 0 && status < CACHED_STATUSES)) return undefined;
    return (this.statusParts[status] ??= Buffer.from(`},"res":{"status_code":${status}},"duration_ms":`));
  }
}

/** `value` as a JSON string: quoted as it is when nothing in it needs escaping (ids, methods, most paths). */
function quote(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isEscaped(c) || c >= 0xd800) return JSON.stringify(value);
  }
  return `"${value}"`;
}

const QUOTE = 0x22;

/** Whether JSON escapes this UTF-16 unit in any string: controls, the quote, the backslash (surrogates aside). */
function isEscaped(c: number): boolean {
  return c < 0x20 || c === QUOTE || c === 0x5c;
}

/**
 * The line's constant text besides its opening (by level) and the process' fields, with its longest optional parts
 * and room for its two numbers.
 */
const FIXED_BYTES =
  ',"user_id":,"trace_id":,"span_id":,"url":'.length +
  '},"res":{"status_code":},"duration_ms":,"aborted":true'.length +
  `,"msg":"${REQUEST_LINE_MSG}"}\n`.length +
  2 * 24;

/** At most how many bytes {@link putQuoted} writes for `value`. */
function quotedBound(value: string): number {
  return 6 * value.length + 2;
}

/** Copies `bytes` to `p`; returns where they end. */
function put(buf: Buffer, p: number, bytes: Buffer): number {
  buf.set(bytes, p);
  return p + bytes.length;
}

/** Writes `text` (JSON already, or a number's digits) at `p` as UTF-8; returns where it ends. */
function putRaw(buf: Buffer, p: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return p + buf.write(text, p);
    buf[p + i] = c;
  }
  return p + n;
}

/** Writes `value` as a JSON string at `p`, the same bytes as {@link quote}; returns where it ends. */
function putQuoted(buf: Buffer, p: number, value: string): number {
  const n = value.length;
  buf[p] = QUOTE;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (isEscaped(c) || c >= 0x80) return p + buf.write(quote(value), p);
    buf[p + 1 + i] = c;
  }
  buf[p + 1 + n] = QUOTE;
  return p + n + 2;
}

/**
 * Writes `value` as JavaScript prints it. The request line's numbers (a status code; a duration in milliseconds rounded
 * to three decimals) are written digit by digit, without a string; any other number goes through `String`.
 */
function putNumber(buf: Buffer, p: number, value: number): number {
  const thousandths = Math.round(value * 1000);
  // Below 2^31 thousandths, `value` is exactly the double nearest thousandths / 1000, printed with those digits.
  if (!(thousandths >= 0 && thousandths < 0x7fffffff && thousandths / 1000 === value)) return putRaw(buf, p, String(value));
  const whole = (thousandths / 1000) | 0;
  let fraction = thousandths - whole * 1000;
  p = putInteger(buf, p, whole);
  if (fraction === 0) return p;
  buf[p++] = 0x2e;
  let digits = 3;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  for (let i = digits - 1; i >= 0; i--) {
    buf[p + i] = 0x30 + (fraction % 10);
    fraction = (fraction / 10) | 0;
  }
  return p + digits;
}

/** Writes a non-negative integer below 2^31 in decimal. */
function putInteger(buf: Buffer, p: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = (v / 10) | 0) digits++;
  for (let i = digits - 1; i >= 0; i--) {
    buf[p + i] = 0x30 + (value % 10);
    value = (value / 10) | 0;
  }
  return p + digits;
}
