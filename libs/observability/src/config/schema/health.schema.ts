import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, OneOf, RoutePathField } from './validators.js';

/** `observability.health`. */
export class HealthConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Serve health on a separate listener on this port; unset serves it on the app's own port. */
  @IntField(1, 65_535, true) port?: number;

  /** @default "/health" */
  @RoutePathField() path = '/health';

  /** Per-check timeout. @default "5s" */
  @DurationField({ min: 1, max: 300_000 }) timeout = 5_000 as DurationMs;

  /** How often checks are refreshed in the background. @default "30s" */
  @DurationField({ min: 100 }) interval = 30_000 as DurationMs;

  /** Who sees check details (errors, pool stats, hosts). @default "when_authorized" */
  @OneOf(['always', 'never', 'when_authorized']) show_details: 'always' | 'never' | 'when_authorized' = 'when_authorized';
}
