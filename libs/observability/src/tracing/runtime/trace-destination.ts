import type { TracingConfig, TracingExporterName } from '../../config/index.js';
import { TRACING_MESSAGES } from '../tracing.messages.js';

/** Where spans go, once the configuration and OpenTelemetry's environment variables are both taken into account. */
export interface TraceDestination {
  readonly exporter: TracingExporterName;
  /** The URL the OTLP exporter sends to (`/v1/traces` included for OTLP/HTTP); unset for the other exporters. */
  readonly endpoint?: string;
}

const OTLP_HTTP_DEFAULT = 'http://localhost:4318';
const OTLP_GRPC_DEFAULT = 'http://localhost:4317';

/** OpenTelemetry's kill switch: `OTEL_SDK_DISABLED=true` turns tracing off whatever the configuration says. */
export function tracingDisabledByEnv(env: NodeJS.ProcessEnv): boolean {
  return env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true';
}

/**
 * The exporter and endpoint, by OpenTelemetry's conventions: the exporter the configuration names, else
 * `OTEL_TRACES_EXPORTER`, else OTLP when an endpoint is known (`tracing.endpoint`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT`) over the protocol of
 * `OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL` (default http/protobuf), else `memory`: spans stay in process only when
 * nothing names a destination. A value the suite cannot honour throws, with the reason, at startup.
 */
export function resolveTraceDestination(config: TracingConfig, env: NodeJS.ProcessEnv): TraceDestination {
  const exporter = config.exporter ?? fromEnvironment(config, env);
  if (exporter === 'otlp-http') return { exporter, endpoint: httpEndpoint(config, env) };
  if (exporter === 'otlp-grpc') {
    const endpoint =
      config.endpoint ??
      nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) ??
      nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']) ??
      OTLP_GRPC_DEFAULT;
    return { exporter, endpoint };
  }
  return { exporter };
}

function fromEnvironment(config: TracingConfig, env: NodeJS.ProcessEnv): TracingExporterName {
  const named = nonEmpty(env['OTEL_TRACES_EXPORTER'])?.toLowerCase();
  if (named !== undefined) {
    if (named === 'none' || named === 'console') return named;
    if (named === 'otlp') return otlpByProtocol(env);
    throw new Error(TRACING_MESSAGES.unsupportedEnv('OTEL_TRACES_EXPORTER', named, '"otlp", "console" or "none"'));
  }
  const endpointKnown =
    config.endpoint !== undefined ||
    nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) !== undefined ||
    nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']) !== undefined;
  return endpointKnown ? otlpByProtocol(env) : 'memory';
}

function otlpByProtocol(env: NodeJS.ProcessEnv): 'otlp-http' | 'otlp-grpc' {
  const variable = nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'])
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = nonEmpty(env[variable])?.toLowerCase() ?? 'http/protobuf';
  if (protocol === 'http/protobuf') return 'otlp-http';
  if (protocol === 'grpc') return 'otlp-grpc';
  throw new Error(TRACING_MESSAGES.unsupportedEnv(variable, protocol, '"http/protobuf" or "grpc"'));
}

/** The file's endpoint gets `/v1/traces` when it has no path; the signal-specific variable is used as given. */
function httpEndpoint(config: TracingConfig, env: NodeJS.ProcessEnv): string {
  if (config.endpoint) return httpTracesUrl(config.endpoint);
  const traces = nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  if (traces) return traces;
  const base = nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']) ?? OTLP_HTTP_DEFAULT;
  return base.endsWith('/') ? `${base}v1/traces` : `${base}/v1/traces`;
}

/** `http://collector:4318` means the collector; the OTLP/HTTP traces path is `/v1/traces`. */
export function httpTracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1/traces';
  return url.toString();
}

/** An endpoint fit for a log line: no user or password, query values replaced (API keys travel there too). */
export function printableEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return '(an endpoint that is not a URL)';
  }
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, 'REDACTED');
  return url.toString();
}

/** One line for the startup log: where spans go and how many. */
export function describeTracing(config: TracingConfig, destination: TraceDestination): string {
  const where =
    destination.exporter === 'none'
      ? 'not exported (exporter "none")'
      : destination.exporter === 'memory'
        ? `kept in process (exporter "memory", the last ${config.memory_max_spans})`
        : destination.exporter === 'console'
          ? 'written to stdout (exporter "console")'
          : `exported over ${destination.exporter === 'otlp-http' ? 'OTLP/HTTP' : 'OTLP/gRPC'} to ${printableEndpoint(destination.endpoint!)}`;
  const ratio =
    config.sample_rate === 0
      ? 'no ratio sampling'
      : `${+(config.sample_rate * 100).toPrecision(6)}% of traces` +
        (config.target_traces_per_second > 0 ? ` (lowered to aim at ${config.target_traces_per_second}/s)` : '') +
        `, at most ${config.max_traces_per_second}/s`;
  const tail = config.intelligent_sampling
    ? `, plus errors, requests slower than ${config.slow_threshold}ms${config.critical_routes.length > 0 ? ' and critical routes' : ''}`
    : '';
  return `Tracing: spans ${where}; sampling ${ratio}${tail}.`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
