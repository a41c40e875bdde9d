import { DEFAULT_SECRET_KEYS, isSecretLookingKey, normalizeKey } from './secret-keys.js';

export const REDACTED = '[REDACTED]';

/**
 * `//userinfo@`: from `//` to the last `@` before the authority ends, so a password that itself holds an `@`
 * (`https://bob:p@ss@host/`) is covered whole. Backslashes count as slashes, as WHATWG URL parsing treats them for
 * http(s).
 */
const USERINFO = /([\\/]{2})[^\s/\\?#]*@/g;

/**
 * A key followed by `=` or by `:` and a blank or quote (`token=`, `"token": `, `password: `, `?%74oken[]=`).
 * Only the key and its separator are matched: the value is measured by hand when the key is a secret one, and
 * otherwise scanning goes on inside it, so a secret nested in a non-secret value (`next=/cb?token=S`) is found too.
 */
const KEY_AND_SEPARATOR = /([A-Za-z0-9_.%\-[\]]+)["']?(?:[ \t]*=|:(?=[ \t"']))[ \t]*/g;

/** An HTTP authentication scheme in front of the credential (`Authorization: Bearer abc`). */
const AUTH_SCHEME = /^(?:Bearer|Basic|Digest|Token|Negotiate|ApiKey)[ \t]+/i;

const MAX_DECODE_ROUNDS = 3;

/**
 * The one redaction policy: which keys are secret and how free text, URLs and key/value text lose their secrets.
 * Every exit of the suite (log lines, span attributes and events, health details, configuration errors, alert
 * notifications) goes through an instance of it, so a bypass found once is fixed everywhere.
 *
 * - A key is secret when it is one of the configured keys or looks like one (`*token*`, `*secret*`, `*password*`,
 *   `*key`, `webhook*`, …), compared after percent-decoding, dropping a `[...]` suffix, lower-casing and removing
 *   separators: `%74oken`, `Token[]`, `x-api-key` and `API_KEY` are all secret.
 * - In text: the userinfo of every `//user:pass@` is dropped; the value of every secret `key=value` /
 *   `key: value` (query parameters included) is replaced; text that is percent-encoded is decoded first when its
 *   decoded form holds a secret.
 *
 * Instances are immutable apart from a bounded memo of key decisions; each module makes its own.
 */
export class RedactionPolicy {
  private readonly keys: ReadonlySet<string>;
  private readonly memo?: Map<string, boolean>;

  /** `memoize: false` for a policy shared at module level, which must hold no mutable state. */
  constructor(extraKeys: readonly string[] = [], options: { memoize?: boolean } = {}) {
    this.keys = new Set([...DEFAULT_SECRET_KEYS, ...extraKeys].map(normalizeKey));
    if (options.memoize !== false) this.memo = new Map();
  }

  /** Whether values under `key` (a field name, a header, a query parameter, an attribute's last segment) are secret. */
  isSecretKey(key: string): boolean {
    const known = this.memo?.get(key);
    if (known !== undefined) return known;
    const normalized = normalizeKey(key);
    const secret = this.keys.has(normalized) || isSecretLookingKey(normalized);
    // Keys come from code (a fixed set) but also from requests (query parameters): the memo stays small.
    if (this.memo && this.memo.size < 1_000) this.memo.set(key, secret);
    return secret;
  }

  /** Free text (a message, a user agent, a URL, a path, a stack trace) with its secrets replaced. */
  text(value: string): string {
    let out = this.plain(value);
    let decoded = out;
    for (let round = 0; round < MAX_DECODE_ROUNDS && decoded.includes('%'); round++) {
      const next = safeDecode(decoded);
      if (next === decoded) break;
      decoded = next;
      const cleaned = this.plain(decoded);
      // Only the decoded form shows the secret (`?next=%2F%2Fbob%3AS%40host`): the decoded, cleaned form is shown.
      if (cleaned !== decoded) out = cleaned;
    }
    return out;
  }

  /** The value under `key`, as it may be shown: `[REDACTED]` under a secret key, else cleaned text. */
  value(key: string, value: string): string {
    return this.isSecretKey(key) ? REDACTED : this.text(value);
  }

  private plain(value: string): string {
    let out = value;
    if (out.includes('@')) out = out.replace(USERINFO, `$1${REDACTED}@`);
    if (out.includes('=') || out.includes(':')) out = this.keyValues(out);
    return out;
  }

  private keyValues(text: string): string {
    let out = '';
    let copied = 0;
    KEY_AND_SEPARATOR.lastIndex = 0;
    for (let match = KEY_AND_SEPARATOR.exec(text); match; match = KEY_AND_SEPARATOR.exec(text)) {
      if (!this.isSecretKey(match[1]!)) continue;
      let start = match.index + match[0].length;
      const quote = text[start];
      if (quote === '"' || quote === "'") start++;
      if (text.startsWith(REDACTED, start)) continue;
      const end = quote === '"' || quote === "'" ? closingQuote(text, start, quote) : valueEnd(text, start);
      if (end === start) continue;
      out += text.slice(copied, start) + REDACTED;
      copied = end;
      KEY_AND_SEPARATOR.lastIndex = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

function closingQuote(text: string, start: number, quote: string): number {
  const close = text.indexOf(quote, start);
  return close === -1 ? text.length : close;
}

/** Where an unquoted value starting at `start` ends: the next delimiter (a quote is part of the value). */
function valueEnd(text: string, start: number): number {
  const scheme = AUTH_SCHEME.exec(text.slice(start, start + 16));
  let i = start + (scheme ? scheme[0].length : 0);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // whitespace, & ; , # and the end of a JSON-ish object or array
    if (c <= 32 || c === 38 || c === 59 || c === 44 || c === 35 || c === 125 || c === 93) break;
    i++;
  }
  return i;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-Fa-f]{2}/g, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
}
