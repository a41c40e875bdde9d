import { formatDuration } from '../config/index.js';

export const DUPLICATE_CHECK = (name: string, where: string) =>
  `Health check "${name}" is registered twice (${where}). Check names are keys of the health report and values of the \`check\` metric label: give each check its own name.`;

export const RESERVED_CHECK = (name: string, where: string) =>
  `Health check "${name}" (${where}) uses a reserved name: "${name}" is the report entry for the application's own start/drain state. Choose another name.`;

export const INVALID_CHECK_NAME = (name: unknown, where: string) =>
  `Health check name ${JSON.stringify(name)} (${where}) is not valid: expected 1 to 63 characters among letters, digits, _ . - (it becomes a report key and a metric label value).`;

export const NOT_A_HEALTH_CHECK = (where: string) =>
  `${where} is decorated with @RegisterHealthCheck() but does not implement HealthCheck: it needs a \`name\` string and a \`check(signal)\` method.`;

export const NOT_STATIC_HEALTH_CHECK = (where: string) =>
  `${where} is decorated with @RegisterHealthCheck() but is request- or transient-scoped; health checks run outside requests, so they must be singletons (the default scope).`;

export const CHECK_TIMEOUT = (ms: number) => `timeout after ${formatDuration(ms)}`;

export const CHECK_ABORTED = 'aborted: the application is shutting down';

export const REFRESH_FAILED = 'health refresh failed';

export const DRAINING = 'draining: readiness is down, still serving';

export const FRESH_UNAUTHORIZED = 'fresh=1 requires Authorization: Bearer <management.token>';

export const CHECK_RETURNED = (type: string) => `check returned ${type}, expected an object or nothing`;

export const CHECK_WITHOUT_STATUS = 'check returned an object without a status ("up", "down" or "degraded")';
