import { mayHoldSecret, sanitizeText } from '../../common/index.js';
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f]/g;

/**
 * A label value as it may be stored: a string, at most `maxLength` characters, no control characters, well-formed
 * UTF-16 (a lone surrogate would make invalid UTF-8 in the exposition), and no secret (the redaction policy's text
 * rules: a label value is an exit like a log line). Values from requests (a model name, a provider) end up here,
 * so nothing about them is trusted.
 */
export function sanitizeLabelValue(value: unknown, maxLength: number): string {
  let s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  s = sanitizeText(s);
  if (s.length > maxLength) s = s.slice(0, maxLength);
  if (hasControl(s)) s = s.replace(UNSAFE_ALL, '_');
  return s.isWellFormed() ? s : s.toWellFormed();
}

/** True when `value` would come out of {@link sanitizeLabelValue} unchanged (the common, allocation-free case). */
export function isCleanLabelValue(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && !hasControl(value) && value.isWellFormed() && !mayHoldSecret(value);
}

/**
 * Whether `text` has a control character. A scan: V8's `RegExp.prototype.test` allocates on every call, and this runs
 * for every labelled update.
 */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
