import { RedactionPolicy } from './redaction/redaction-policy.js';

/** The built-in policy, for exits that have no configuration of their own; stateless, so safe to share. */
const BUILT_IN = new RedactionPolicy([], { memoize: false });

/**
 * Removes credentials from free text that may quote a URL, a connection string or a query string: what an error
 * message carries into a health response, a span's exception event or a configuration error.
 */
export function sanitizeText(text: string, policy: RedactionPolicy = BUILT_IN): string {
  return policy.text(text);
}

/** Whether a field, header or parameter of this name holds a secret. */
export function isSecretKeyName(key: string, policy: RedactionPolicy = BUILT_IN): boolean {
  return policy.isSecretKey(key);
}
