import { Secret, StringField } from './validators.js';

/** `observability.management`: protects management endpoints (health details, pprof, alert silences). */
export class ManagementConfig {
  /**
   * Bearer token callers must present (`Authorization: Bearer <token>`). Normally `${OBSERVABILITY_TOKEN}`.
   * Unset means management endpoints only answer what is public.
   */
  @Secret() @StringField({ optional: true, min: 16, describe: 'a string of at least 16 characters' }) token?: string;
}
