/**
 * Keys whose values are secret by name. `logging.redact` adds to them; the patterns below catch the rest of what
 * looks like a credential (`client_secret`, `X-Auth-Token`, `stripe_api_key`, `slack_webhook`).
 */
export const DEFAULT_SECRET_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'auth',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'otp',
  'sig',
  'signature',
  'dsn',
  'connection_string',
  'private_key',
  'credentials',
];

/** Substrings of a normalised key that make it secret. */
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'webhook', 'cookie', 'authorization'];

/**
 * `token` in an LLM app is as often a count as a credential: `input_tokens`, `max_tokens`, `token_count` stay
 * visible.
 */
const TOKEN_COUNT =
  /tokens|(max|input|output|prompt|completion|total|num|cached|reasoning)token|token(count|usage|limit|budget|cost|type|kind)/;

/** Lower-cased, percent-decoded, without a `[...]` suffix (`token[]`, `password[x]`) and without separators. */
export function normalizeKey(key: string): string {
  let k = key;
  if (k.includes('%')) {
    try {
      k = decodeURIComponent(k);
    } catch {
      // A malformed escape is compared as written.
    }
  }
  const bracket = k.indexOf('[');
  if (bracket > 0) k = k.slice(0, bracket);
  return k.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a normalised key looks like it names a credential. */
export function isSecretLookingKey(normalized: string): boolean {
  if (normalized.endsWith('key')) return true;
  for (const word of SECRET_WORDS) {
    if (normalized.includes(word) && (word !== 'token' || !TOKEN_COUNT.test(normalized))) return true;
  }
  return false;
}
