import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ManagementJsonRoute, ROUTE_ALREADY_SERVED, type ManagementAuth, type ManagementRouteAdapter } from '../../common/index.js';
import type { AdaptiveConfig, ManagementConfig } from '../../config/index.js';
import { ADAPTIVE_CONFIG, ADAPTIVE_LOGGER_CONTEXT, ADAPTIVE_MANAGEMENT, ADAPTIVE_MANAGEMENT_AUTH } from '../adaptive.constants.js';
import { ScalingAdvisor } from './scaling-advisor.service.js';

/**
 * `GET <adaptive.scaling.path>`: the scaling advice with its inputs, for holders of the management token (the
 * load history tells an outsider how busy the service is). Served where `/alerts` is: on the management listener
 * when `management.port` is set, else on the app's adapter.
 */
@Injectable()
export class ScalingRoutes implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ADAPTIVE_LOGGER_CONTEXT);
  private readonly route: ManagementJsonRoute;

  constructor(
    advisor: ScalingAdvisor,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ADAPTIVE_CONFIG) private readonly config: AdaptiveConfig,
    @Inject(ADAPTIVE_MANAGEMENT_AUTH) auth: ManagementAuth,
    @Inject(ADAPTIVE_MANAGEMENT) private readonly management: ManagementConfig,
  ) {
    this.route = new ManagementJsonRoute(auth, () => advisor.advice());
  }

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as ManagementRouteAdapter | undefined;
    const { enabled, scaling } = this.config;
    if (!enabled || !scaling.enabled) return;
    if (!adapter && this.management.port === undefined) return;
    if (!this.route.register(adapter, this.management, scaling.path)) {
      this.logger.warn({ path: scaling.path, msg: ROUTE_ALREADY_SERVED('scaling') });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.route.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.route.release();
  }
}
