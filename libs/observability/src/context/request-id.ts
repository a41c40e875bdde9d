import type { RandomIds } from '../common/index.js';

const SAFE_ID = /^[A-Za-z0-9._:@-]+$/;

/**
 * Accepts an incoming request id only if it is short and made of safe characters (it ends up in logs, span
 * attributes and a response header); otherwise generates one.
 */
export function acceptOrGenerateRequestId(incoming: unknown, maxLength: number, ids: RandomIds): string {
  if (typeof incoming === 'string' && incoming.length > 0 && incoming.length <= maxLength && SAFE_ID.test(incoming)) {
    return incoming;
  }
  return ids.uuid();
}

/** A user id from a header or `req.user`: bounded and stripped to safe characters, or undefined. */
export function sanitizeUserId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const clean = value.slice(0, 128).replace(/[^A-Za-z0-9._:@-]/g, '_');
  return clean;
}
