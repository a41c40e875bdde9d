import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  claimAdapterRoute,
  managementListenerFor,
  ROUTE_ALREADY_SERVED,
  type ManagementAuth,
  type ManagementListener,
} from '../common/index.js';
import type { AlertsConfig, ManagementConfig } from '../config/index.js';
import { ALERTING_MANAGEMENT, ALERTING_MANAGEMENT_AUTH, ALERTS_CONFIG } from './alerting.constants.js';
import { AlertsService } from './alerts.service.js';
import { ALERTS_UNAUTHORIZED } from './alerting.messages.js';

interface AdapterLike {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
}

const UNAUTHORIZED = { status: 'error', message: ALERTS_UNAUTHORIZED };

/**
 * `GET <alerts.path>`: the pending and firing alerts with their evidence, for holders of the management token
 * (alert labels name routes, users' providers and values an outsider has no business reading). Served on the
 * management listener when `management.port` is set, else on the app's adapter directly, like the health
 * endpoints, so it needs no controller and ignores the global prefix. Both answer alike.
 */
@Injectable()
export class AlertsRoutes implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerting');
  private listener?: ManagementListener;

  constructor(
    private readonly alerts: AlertsService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERTING_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
    @Inject(ALERTING_MANAGEMENT) private readonly management: ManagementConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled) return;
    if (this.management.port !== undefined) {
      this.listener = managementListenerFor(adapter, this.management.port, this.management.host);
      if (!this.listener.add(this.config.path, (req, res) => this.serveSide(req.headers.authorization, res))) this.alreadyServed();
      return;
    }
    if (!adapter) return;
    if (!claimAdapterRoute(adapter, this.config.path)) return this.alreadyServed();
    adapter.get(this.config.path, (req, res) => {
      const { statusCode, body } = this.answer((req as { headers?: Record<string, unknown> }).headers?.['authorization']);
      adapter.setHeader(res, 'cache-control', 'no-store');
      adapter.reply(res, body, statusCode);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.release();
  }

  private answer(authorization: unknown): { statusCode: number; body: unknown } {
    if (!this.auth.isAuthorized(authorization)) return { statusCode: 401, body: UNAUTHORIZED };
    const evaluatedAt = this.alerts.lastEvaluation;
    return {
      statusCode: 200,
      body: { evaluatedAt: evaluatedAt !== undefined ? new Date(evaluatedAt).toISOString() : null, alerts: this.alerts.active() },
    };
  }

  private serveSide(authorization: unknown, res: ServerResponse): void {
    const { statusCode, body } = this.answer(authorization);
    res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  }

  private alreadyServed(): void {
    this.logger.warn({ path: this.config.path, msg: ROUTE_ALREADY_SERVED('alerts') });
  }
}
