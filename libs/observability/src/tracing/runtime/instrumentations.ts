import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

/** The packages a database instrumentation patches: one that is on by default is loaded only if one of them is installed. */
const TARGETS: Partial<Record<TracingInstrumentationName, readonly string[]>> = {
  pg: ['pg'],
  mysql2: ['mysql2'],
  mongodb: ['mongodb'],
  ioredis: ['ioredis'],
  redis: ['redis', '@redis/client'],
};

/**
 * Whether `pkg` is in one of the directories `require()` would look in from the app's working directory or from
 * the suite (hoisted, workspace or pnpm layouts). Looked up, not resolved: a failed resolution costs an error with
 * its stack, and the defaults ask about five clients an app usually does not have.
 */
function installed(pkg: string): boolean {
  const dirs = new Set(
    [join(process.cwd(), 'package.json'), import.meta.url].flatMap((from) => createRequire(from).resolve.paths(pkg) ?? []),
  );
  for (const dir of dirs) if (existsSync(join(dir, pkg))) return true;
  return false;
}

/**
 * The names enabled by the defaults and the `instrumentations` map of the configuration: the suite's own first,
 * then those of `@opentelemetry/auto-instrumentations-node` the map turns on. A database instrumentation that is on
 * by default is left out when its client is not installed: it could never patch anything, and each one loaded costs
 * its code and semantic conventions in memory for the life of the process. Turned on by name, it is always loaded.
 */
export function enabledInstrumentations(config: TracingConfig): string[] {
  const own = (Object.keys(TRACING_INSTRUMENTATIONS) as TracingInstrumentationName[]).filter(
    (name) => config.instrumentations[name] ?? (TRACING_INSTRUMENTATIONS[name] && (TARGETS[name]?.some(installed) ?? true)),
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
