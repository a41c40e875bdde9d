import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { loadEcosystemInstrumentation } from '../../common/index.js';
import { TRACING_INSTRUMENTATIONS, type TracingConfig, type TracingInstrumentationName } from '../../config/index.js';

type Factory = () => Instrumentation;

// Synchronous, so that the preload can run under `require()` (no top-level await in its graph).
const load = createRequire(import.meta.url);

/**
 * Each instrumentation is imported only when enabled: importing all of them (as getNodeAutoInstrumentations does)
 * costs about 300 ms and 40 MB before the app starts. Incoming HTTP is left to the suite's own server span, which
 * knows the route template and the handler; http here traces outbound calls.
 */
const FACTORIES: Record<TracingInstrumentationName, Factory> = {
  http: () => {
    const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    return new HttpInstrumentation({ disableIncomingRequestInstrumentation: true });
  },
  undici: () =>
    new (load('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici')).UndiciInstrumentation(),
  pg: () => new (load('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg')).PgInstrumentation(),
  mysql2: () =>
    new (load('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2')).MySQL2Instrumentation(),
  mongodb: () =>
    new (
      load('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb')
    ).MongoDBInstrumentation(),
  ioredis: () =>
    new (
      load('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis')
    ).IORedisInstrumentation(),
  redis: () =>
    new (load('@opentelemetry/instrumentation-redis') as typeof import('@opentelemetry/instrumentation-redis')).RedisInstrumentation(),
  grpc: () =>
    new (load('@opentelemetry/instrumentation-grpc') as typeof import('@opentelemetry/instrumentation-grpc')).GrpcInstrumentation(),
  express: () =>
    new (
      load('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express')
    ).ExpressInstrumentation(),
  dns: () => new (load('@opentelemetry/instrumentation-dns') as typeof import('@opentelemetry/instrumentation-dns')).DnsInstrumentation(),
  net: () => new (load('@opentelemetry/instrumentation-net') as typeof import('@opentelemetry/instrumentation-net')).NetInstrumentation(),
};

/**
 * The names enabled by the defaults and the `instrumentations` map of the configuration: the suite's own first,
 * then those of `@opentelemetry/auto-instrumentations-node` the map turns on.
 */
export function enabledInstrumentations(config: TracingConfig): string[] {
  const own = (Object.keys(TRACING_INSTRUMENTATIONS) as TracingInstrumentationName[]).filter(
    (name) => config.instrumentations[name] ?? TRACING_INSTRUMENTATIONS[name],
  );
  const ecosystem = Object.entries(config.instrumentations)
    .filter(([name, on]) => on && !Object.hasOwn(TRACING_INSTRUMENTATIONS, name))
    .map(([name]) => name);
  return [...own, ...ecosystem];
}

export function loadInstrumentations(names: readonly string[]): Instrumentation[] {
  return names.map((name) =>
    Object.hasOwn(FACTORIES, name) ? FACTORIES[name as TracingInstrumentationName]() : loadEcosystemInstrumentation(name),
  );
}
