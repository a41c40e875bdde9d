import { createRequire } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../../config/index.js';
import { MemorySpanExporter } from './memory-span-exporter.js';
import type { TraceDestination } from './trace-destination.js';

// Loaded synchronously, so that the preload needs no top-level await: `require('nestjs-observability/register')` from
// a CommonJS app cannot load an ES module graph that awaits (ERR_REQUIRE_ASYNC_MODULE).
const load = createRequire(import.meta.url);

/** Default per-request timeout of OTLP exporters (the spec's 10 s), when neither the file nor the env sets one. */
export const OTLP_DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The exporter of the resolved destination, loaded on demand (the gRPC stack is only loaded for `otlp-grpc`), sending
 * to its endpoint. Whatever else the file sets is passed to the exporter, which then ignores the matching
 * `OTEL_EXPORTER_OTLP_*` variable; whatever it leaves unset the exporter reads from those variables itself.
 */
export function createSpanExporter(config: TracingConfig, destination: TraceDestination): SpanExporter | undefined {
  switch (destination.exporter) {
    case 'none':
      return undefined;
    case 'memory':
      return new MemorySpanExporter(config.memory_max_spans);
    case 'console': {
      const { ConsoleSpanExporter } = load('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
      return new ConsoleSpanExporter();
    }
    case 'otlp-http': {
      const { OTLPTraceExporter } = load(
        '@opentelemetry/exporter-trace-otlp-proto',
      ) as typeof import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter({
        url: destination.endpoint,
        headers: Object.keys(config.headers).length > 0 ? { ...config.headers } : undefined,
        timeoutMillis: config.timeout,
        compression: config.compression as never,
      });
    }
    case 'otlp-grpc': {
      const { OTLPTraceExporter } = load(
        '@opentelemetry/exporter-trace-otlp-grpc',
      ) as typeof import('@opentelemetry/exporter-trace-otlp-grpc');
      const { Metadata } = load('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
      let metadata: InstanceType<typeof Metadata> | undefined;
      if (Object.keys(config.headers).length > 0) {
        metadata = new Metadata();
        for (const [key, value] of Object.entries(config.headers)) metadata.set(key, value);
      }
      return new OTLPTraceExporter({
        url: destination.endpoint,
        metadata: metadata as never,
        timeoutMillis: config.timeout,
        compression: config.compression as never,
      });
    }
  }
}
