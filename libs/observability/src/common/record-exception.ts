import type { Span } from '@opentelemetry/api';
import { SpanStatusCode } from './otel-api.js';
import { sanitizeText } from './secret-text.js';

/**
 * Records `error` on `span` as OpenTelemetry's `exception` event (type, message, stack trace), with credentials
 * removed from the message and the stack (which repeats the message): an error quoting a connection string must
 * not carry its password into a trace backend. With `markError`, the span's status becomes ERROR too (a method that
 * threw); without, the status is left to whoever knows the outcome (a server span: ERROR for 5xx only, since an
 * exception Nest turns into a 400 is the client's error).
 */
export function recordSpanException(span: Span, error: unknown, markError = true): void {
  const message = sanitizeText(error instanceof Error ? error.message : String(error));
  if (error instanceof Error) {
    span.recordException({ name: error.name, message, stack: error.stack === undefined ? undefined : sanitizeText(error.stack) });
  } else {
    span.recordException(message);
  }
  if (markError) span.setStatus({ code: SpanStatusCode.ERROR, message });
}
