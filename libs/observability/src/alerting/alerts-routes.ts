import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { claimAdapterRoute, type ManagementAuth } from '../common/index.js';
import type { AlertsConfig } from '../config/index.js';
import { ALERTING_MANAGEMENT_AUTH, ALERTS_CONFIG } from './alerting.constants.js';
import { AlertsService } from './alerts.service.js';

interface AdapterLike {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
}

const UNAUTHORIZED = { status: 'error', message: 'requires Authorization: Bearer <management.token>' };

/**
 * `GET <alerts.path>`: the pending and firing alerts with their evidence, for holders of the management token
 * (alert labels name routes, users' providers and values an outsider has no business reading). Served on the
 * app's adapter directly, like the health endpoints, so it needs no controller and ignores the global prefix.
 */
@Injectable()
export class AlertsRoutes implements OnModuleInit {
  private readonly logger = new Logger('Alerting');

  constructor(
    private readonly alerts: AlertsService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERTING_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled || !adapter) return;
    if (!claimAdapterRoute(adapter, this.config.path)) {
      this.logger.warn({
        path: this.config.path,
        msg: 'alerts path already served by another module of the suite in this app; not registered twice',
      });
      return;
    }
    adapter.get(this.config.path, (req, res) => {
      const headers = (req as { headers?: Record<string, unknown> }).headers;
      adapter.setHeader(res, 'cache-control', 'no-store');
      if (!this.auth.isAuthorized(headers?.['authorization'])) {
        adapter.reply(res, UNAUTHORIZED, 401);
        return;
      }
      const evaluatedAt = this.alerts.lastEvaluation;
      adapter.reply(
        res,
        { evaluatedAt: evaluatedAt !== undefined ? new Date(evaluatedAt).toISOString() : null, alerts: this.alerts.active() },
        200,
      );
    });
  }
}
