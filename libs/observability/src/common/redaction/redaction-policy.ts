import { DEFAULT_SECRET_KEYS, isSecretLookingKey, normalizeKey } from './secret-keys.js';

export const REDACTED = '[REDACTED]';

/**
 * `//userinfo@`: from `//` to the last `@` before the authority ends, so a password that itself holds an `@`
 * (`https://bob:p@ss@host/`) is covered whole. Backslashes count as slashes, as WHATWG URL parsing treats them for
 * http(s).
 */
const USERINFO = /([\\/]{2})[^\s/\\?#]*@/g;

/** Percent-encoded characters that can hide a secret's shape: `@`, `:`, `=`, `/` and `%` itself (double encoding). */
const ENCODED_STRUCTURE = /%(?:25|2[fF]|3[aAdD]|40)/;

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
    if (!mayHoldSecret(value)) return value;
    let out = this.plain(value);
    let decoded = out;
    for (let round = 0; round < MAX_DECODE_ROUNDS && ENCODED_STRUCTURE.test(decoded); round++) {
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
    // The common case (a path, a user agent) has neither `=` nor `: `, and costs a few scans.
    if (out.includes('=') || hasColonSeparator(out)) out = this.keyValues(out);
    return out;
  }

  /**
   * Finds every `key=value` and `key: value` (`"key": "value"`, `?%74oken[]=value`) by scanning for separators and
   * reading the key backwards from each: linear in the text, and a secret nested in a non-secret value
   * (`next=/cb?token=S`) is found too, since scanning goes on inside values that are kept.
   */
  private keyValues(text: string): string {
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== EQUALS && (c !== COLON || !isBlankOrQuote(text.charCodeAt(i + 1)))) continue;
      let k = i;
      if (c === EQUALS) while (k > copied && isBlank(text.charCodeAt(k - 1))) k--;
      if (k > copied && isQuote(text.charCodeAt(k - 1))) k--;
      const keyEnd = k;
      while (k > copied && isKeyChar(text.charCodeAt(k - 1))) k--;
      if (k === keyEnd || !this.isSecretKey(text.slice(k, keyEnd))) continue;
      let start = i + 1;
      while (start < text.length && isBlank(text.charCodeAt(start))) start++;
      const quote = text[start];
      const quoted = quote === '"' || quote === "'";
      if (quoted) start++;
      if (text.startsWith(REDACTED, start)) continue;
      const end = quoted ? closingQuote(text, start, quote) : valueEnd(text, start);
      if (end === start) continue;
      out += text.slice(copied, start) + REDACTED;
      copied = end;
      i = end - 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

const EQUALS = 61;
const COLON = 58;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}

function isBlankOrQuote(c: number): boolean {
  return isBlank(c) || isQuote(c);
}

/** Letters, digits and `_ . % - [ ]`: what a key (a field, a header, a query parameter, `token[]`) is made of. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 37 ||
    c === 45 ||
    c === 91 ||
    c === 93
  );
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

const AT = 64;
const PERCENT = 37;

/**
 * Whether `text` has anything a secret in text needs: userinfo's `@`, a separator (`=`, or a colon followed by a blank
 * or a quote), or percent-encoding. False for most paths and user agents (`rv:109.0` has no separator). A scan, not a
 * regular expression: this runs for every request line's URL, and V8's `RegExp.prototype.test` allocates on every
 * call (60–240 bytes measured on Node 24).
 */
export function mayHoldSecret(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === AT || c === EQUALS || c === PERCENT || (c === COLON && isBlankOrQuote(text.charCodeAt(i + 1)))) return true;
  }
  return false;
}

/** Whether text can hold a `key: value` at all (a colon followed by a blank or a quote). */
function hasColonSeparator(text: string): boolean {
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) if (isBlankOrQuote(text.charCodeAt(i + 1))) return true;
  return false;
}
