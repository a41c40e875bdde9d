import { IntField, Secret, StringField } from './validators.js';

/** `observability.management`: protects management endpoints (health details, pprof, alerts, alert silences). */
export class ManagementConfig {
  /**
   * Bearer token callers must present (`Authorization: Bearer <token>`). Normally `${OBSERVABILITY_TOKEN}`.
   * Unset means management endpoints only answer what is public.
   */
  @Secret() @StringField({ optional: true, min: 16, describe: 'a string of at least 16 characters' }) token?: string;

  /**
   * Serve the management endpoints (`/debug/pprof/*`, `<alerts.path>`, its silences) on a separate listener on this
   * port, and only there; unset serves them on the app's own port. Must differ from `metrics.port` and `health.port`.
   */
  @IntField(1, 65_535, true) port?: number;

  /** Interface of that listener (`management.port`). @default all interfaces */
  @StringField({ optional: true, min: 1, describe: 'a host name or IP address' }) host?: string;
}

/** `management.port` cannot be another side listener's port: one of the two would fail to start. */
export function managementConfigIssues(
  management: ManagementConfig,
  ports: { readonly metrics?: number; readonly health?: number },
): { field: string; value: unknown; expected: string }[] {
  const issues: { field: string; value: unknown; expected: string }[] = [];
  for (const [section, port] of Object.entries(ports)) {
    if (management.port !== undefined && management.port === port)
      issues.push({
        field: 'port',
        value: management.port,
        expected: `a port other than ${section}.port (${port}): each side listener needs its own`,
      });
  }
  return issues;
}
