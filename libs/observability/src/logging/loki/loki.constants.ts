/** The main-thread LokiTransport of one LoggingModule, or `null` when shipping is off. */
export const LOKI_TRANSPORT = Symbol('OBSERVABILITY:LOKI_TRANSPORT');

/** Metric names, without the namespace prefix. */
export const LOKI_METRICS = {
  produced: 'log_entries_produced_total',
  sent: 'log_entries_sent_total',
  dropped: 'log_entries_dropped_total',
  retried: 'log_entries_retried_total',
  bufferEntries: 'log_buffer_entries',
  bufferBytes: 'log_buffer_bytes',
} as const;
