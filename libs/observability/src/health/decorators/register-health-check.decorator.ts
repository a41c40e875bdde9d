import { DiscoveryService } from '@nestjs/core';
import type { HealthCheckOptions } from '../interfaces/health-check.interface.js';

/**
 * Marks a provider class implementing `HealthCheck` for the health pillar to find and run: no wiring in a
 * controller. The decorator only stores metadata; HealthModule discovers the providers at startup.
 *
 * ```ts
 * @Injectable()
 * @RegisterHealthCheck()
 * export class QueueHealth implements HealthCheck {
 *   readonly name = 'queue';
 *   async check(signal: AbortSignal) { await this.queue.ping({ signal }); }
 * }
 * ```
 */
export const RegisterHealthCheck = DiscoveryService.createDecorator<HealthCheckOptions>();
