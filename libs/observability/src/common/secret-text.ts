import { redactUrlCredentials } from './url-credentials.js';

const REDACTED = '[REDACTED]';

/** `password=...`, `token: ...` inside messages (libpq keyword strings, query strings, JSON-ish text). */
const INLINE_SECRET = /\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token)(["']?\s*[=:]\s*["']?)([^\s&;,"']+)/gi;

/**
 * Removes credentials from free text that may quote a URL, a connection string or a query string: what an error
 * message carries into a health response or a span's exception event.
 */
export function sanitizeText(text: string): string {
  return redactUrlCredentials(text, REDACTED).replace(INLINE_SECRET, `$1$2${REDACTED}`);
}
