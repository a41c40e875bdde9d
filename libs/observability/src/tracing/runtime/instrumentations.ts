import type { Instrumentation } from '@opentelemetry/instrumentation';
import { TRACING_INSTRUMENTATIONS, type TracingConfig, type TracingInstrumentationName } from '../../config/schema/tracing.schema.js';

type Factory = () => Promise<Instrumentation>;

/**
 * Each instrumentation is imported only when enabled: importing all of them (as getNodeAutoInstrumentations does)
 * costs about 300 ms and 40 MB before the app starts. Incoming HTTP is left to the suite's own server span, which
 * knows the route template and the handler; http here traces outbound calls.
 */
const FACTORIES: Record<TracingInstrumentationName, Factory> = {
  http: async () => {
    const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
    return new HttpInstrumentation({ disableIncomingRequestInstrumentation: true });
  },
  undici: async () => new (await import('@opentelemetry/instrumentation-undici')).UndiciInstrumentation(),
  pg: async () => new (await import('@opentelemetry/instrumentation-pg')).PgInstrumentation(),
  mysql2: async () => new (await import('@opentelemetry/instrumentation-mysql2')).MySQL2Instrumentation(),
  mongodb: async () => new (await import('@opentelemetry/instrumentation-mongodb')).MongoDBInstrumentation(),
  ioredis: async () => new (await import('@opentelemetry/instrumentation-ioredis')).IORedisInstrumentation(),
  redis: async () => new (await import('@opentelemetry/instrumentation-redis')).RedisInstrumentation(),
  grpc: async () => new (await import('@opentelemetry/instrumentation-grpc')).GrpcInstrumentation(),
  express: async () => new (await import('@opentelemetry/instrumentation-express')).ExpressInstrumentation(),
  dns: async () => new (await import('@opentelemetry/instrumentation-dns')).DnsInstrumentation(),
  net: async () => new (await import('@opentelemetry/instrumentation-net')).NetInstrumentation(),
};

/** The names enabled by the defaults and the `instrumentations` map of the configuration. */
export function enabledInstrumentations(config: TracingConfig): TracingInstrumentationName[] {
  return (Object.keys(TRACING_INSTRUMENTATIONS) as TracingInstrumentationName[]).filter(
    (name) => config.instrumentations[name] ?? TRACING_INSTRUMENTATIONS[name],
  );
}

export async function loadInstrumentations(names: readonly TracingInstrumentationName[]): Promise<Instrumentation[]> {
  return Promise.all(names.map((name) => FACTORIES[name]()));
}
