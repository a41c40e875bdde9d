import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { sanitizeText } from './secret-text.js';

/**
 * Records `error` on `span` as OpenTelemetry's `exception` event (type, message, stack trace) and marks the span
 * ERROR, with credentials removed from the message and the stack (which repeats the message): an error quoting a
 * connection string must not carry its password into a trace backend.
 */
export function recordSpanException(span: Span, error: unknown): void {
  if (error instanceof Error) {
    const message = sanitizeText(error.message);
    span.recordException({ name: error.name, message, stack: error.stack === undefined ? undefined : sanitizeText(error.stack) });
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } else {
    const message = sanitizeText(String(error));
    span.recordException(message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
}
