import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ManagementAuth } from '../../common/management-auth.js';
import { serveManagementJson, type ManagementRouteAdapter } from '../../common/management-route.js';
import type { AdaptiveConfig } from '../../config/schema/adaptive.schema.js';
import { ADAPTIVE_CONFIG, ADAPTIVE_LOGGER_CONTEXT, ADAPTIVE_MANAGEMENT_AUTH } from '../adaptive.constants.js';
import { ScalingAdvisor } from './scaling-advisor.service.js';

/**
 * `GET <adaptive.scaling.path>`: the scaling advice with its inputs, for holders of the management token (the
 * load history tells an outsider how busy the service is). Served on the app's adapter, like `/alerts`.
 */
@Injectable()
export class ScalingRoutes implements OnModuleInit {
  private readonly logger = new Logger(ADAPTIVE_LOGGER_CONTEXT);

  constructor(
    private readonly advisor: ScalingAdvisor,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ADAPTIVE_CONFIG) private readonly config: AdaptiveConfig,
    @Inject(ADAPTIVE_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as ManagementRouteAdapter | undefined;
    const { enabled, scaling } = this.config;
    if (!enabled || !scaling.enabled || !adapter) return;
    if (!serveManagementJson(adapter, scaling.path, this.auth, () => this.advisor.advice())) {
      this.logger.warn({
        path: scaling.path,
        msg: 'scaling path already served by another module of the suite in this app; not registered twice',
      });
    }
  }
}
