import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ManagementJsonRoute, ROUTE_ALREADY_SERVED, type ManagementAuth, type ManagementRouteAdapter } from '../common/index.js';
import type { AlertsConfig, ManagementConfig } from '../config/index.js';
import { ALERTING_MANAGEMENT, ALERTING_MANAGEMENT_AUTH, ALERTS_CONFIG } from './alerting.constants.js';
import { AlertsService } from './alerts.service.js';

/**
 * `GET <alerts.path>`: the pending and firing alerts with their evidence, for holders of the management token
 * (alert labels name routes, users' providers and values an outsider has no business reading). Served on the
 * management listener when `management.port` is set, else on the app's adapter directly, like the health
 * endpoints, so it needs no controller and ignores the global prefix. Both answer alike.
 */
@Injectable()
export class AlertsRoutes implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerting');
  private readonly route: ManagementJsonRoute;

  constructor(
    private readonly alerts: AlertsService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERTING_MANAGEMENT_AUTH) auth: ManagementAuth,
    @Inject(ALERTING_MANAGEMENT) private readonly management: ManagementConfig,
  ) {
    this.route = new ManagementJsonRoute(auth, () => this.body());
  }

  onModuleInit(): void {
    if (!this.config.enabled) return;
    const adapter = this.adapterHost?.httpAdapter as ManagementRouteAdapter | undefined;
    if (!adapter && this.management.port === undefined) return;
    if (!this.route.register(adapter, this.management, this.config.path)) {
      this.logger.warn({ path: this.config.path, msg: ROUTE_ALREADY_SERVED('alerts') });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.route.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.route.release();
  }

  private body(): unknown {
    const evaluatedAt = this.alerts.lastEvaluation;
    return { evaluatedAt: evaluatedAt !== undefined ? new Date(evaluatedAt).toISOString() : null, alerts: this.alerts.active() };
  }
}
