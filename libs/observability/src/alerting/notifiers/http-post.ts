import { NotifyError } from './notifier.interface.js';
import { parseRetryAfter } from './retry-policy.js';

/** Statuses a retry can change; every other non-2xx answer is final. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export type FetchLike = (url: URL, init: RequestInit) => Promise<Response>;

/**
 * `scheme://host:port` of a URL: what errors may name. User info, path and query stay out (a Slack or webhook
 * URL carries its secret in the path).
 */
export function safeOrigin(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export interface PostOptions {
  readonly channel: string;
  readonly url: URL;
  readonly body: unknown;
  readonly signal: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: FetchLike;
  /** Reads a short error code from a failed answer's body (Slack's `invalid_payload`); never the body itself. */
  readonly errorCode?: (body: string) => string | undefined;
}

/**
 * POSTs JSON and resolves on 2xx. Failures become {@link NotifyError}s that name the channel, the origin and the
 * status: never the path, the query, the credentials or the request headers. Redirects are not followed (they
 * would carry the body and headers to another host).
 */
export async function postJson(options: PostOptions): Promise<void> {
  const { channel, signal } = options;
  const { url, authorization } = splitCredentials(options.url);
  const where = `${channel}: ${safeOrigin(url)}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization, ...options.headers },
      body: JSON.stringify(options.body),
      signal,
      redirect: 'manual',
    });
  } catch (error) {
    if (signal.aborted) throw new NotifyError(`${where} did not answer in time`, true);
    throw new NotifyError(`${where} unreachable (${networkCode(error)})`, true);
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 200 && response.status < 300) return;
  const code = options.errorCode?.(text);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  throw new NotifyError(
    `${where} answered ${response.status}${code ? ` (${code})` : ''}`,
    RETRYABLE.has(response.status) || retryAfterMs !== undefined,
    retryAfterMs,
  );
}

/** fetch refuses URLs with user info: `https://user:pass@host/` becomes Basic authorization. */
function splitCredentials(original: URL): { url: URL; authorization: Record<string, string> } {
  if (!original.username && !original.password) return { url: original, authorization: {} };
  const url = new URL(original);
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url, authorization: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

/** `ECONNREFUSED`, `ENOTFOUND`, … from fetch's error chain; never its message (it may quote the URL). */
function networkCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  }
  return error instanceof Error ? error.name : 'network error';
}
