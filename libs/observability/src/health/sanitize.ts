import { type RedactionPolicy, isSecretKeyName, sanitizeText } from '../common/index.js';
import { MAX_MESSAGE_LENGTH } from './health.constants.js';
import type { HealthCheckDetail } from './interfaces/health-check.interface.js';

const REDACTED = '[REDACTED]';
const MAX_DEPTH = 4;
const MAX_KEYS = 50;

/**
 * A copy of a check's detail that is safe to show: secret-named keys redacted at any depth, credentials removed
 * from strings, long strings cut, deep or wide objects truncated (a check's detail is not a dump).
 */
export function sanitizeDetail(detail: HealthCheckDetail, redaction?: RedactionPolicy): HealthCheckDetail {
  return { ...(clean(detail, 0, redaction) as Record<string, unknown>), status: detail.status };
}

function clean(value: unknown, depth: number, redaction: RedactionPolicy | undefined): unknown {
  if (typeof value === 'string') {
    const text = sanitizeText(value, redaction);
    return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}...` : text;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { message: clean(value.message, depth + 1, redaction) };
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((v) => clean(v, depth + 1, redaction));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, MAX_KEYS)) {
    out[key] = isSecretKeyName(key, redaction) ? REDACTED : clean(v, depth + 1, redaction);
  }
  return out;
}
