import { arch, hostname, type } from 'node:os';
import type { AttributeValue } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { defaultResource, resourceFromAttributes } from './otel-sdk.js';
import { parseResourceAttributes } from '../../common/index.js';
import type { TracingConfig } from '../../config/index.js';

/**
 * The resource every span carries. Precedence, lowest first: the SDK's defaults (telemetry.sdk.*), host and
 * process attributes, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_SERVICE_NAME`, then the configuration file: what the file
 * sets wins, what it leaves unset comes from the standard variables, as every OpenTelemetry user expects.
 */
export function buildResource(config: TracingConfig, env: NodeJS.ProcessEnv = process.env): Resource {
  const fromEnv = parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES']);
  const attributes: Record<string, AttributeValue> = {
    'host.name': hostname(),
    'host.arch': arch(),
    'os.type': type().toLowerCase(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'process.executable.name': process.title,
    ...fromEnv,
  };
  const serviceName = config.service_name ?? nonEmpty(env['OTEL_SERVICE_NAME']) ?? fromEnv['service.name'] ?? 'app';
  attributes['service.name'] = serviceName;
  const version = config.service_version ?? fromEnv['service.version'] ?? nonEmpty(env['npm_package_version']);
  if (version) attributes['service.version'] = version;
  const environment =
    config.environment ?? fromEnv['deployment.environment.name'] ?? fromEnv['deployment.environment'] ?? nonEmpty(env['NODE_ENV']);
  if (environment) attributes['deployment.environment.name'] = environment;
  Object.assign(attributes, config.resource_attributes);
  return defaultResource().merge(resourceFromAttributes(attributes));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
