import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { claimAdapterRoute, type ManagementAuth } from '../common/index.js';
import type { AlertsConfig } from '../config/index.js';
import { AlertNotifications } from './alert-notifications.js';
import { ALERTING_MANAGEMENT_AUTH, ALERTS_CONFIG } from './alerting.constants.js';
import { SilencesHttpHandler } from './silences/silences-http.handler.js';

interface AdapterLike {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  post(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  delete(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
  getRequestMethod(req: unknown): string;
  getRequestUrl(req: unknown): string;
}

/** `GET/POST <alerts.path>/silences` and `GET/DELETE <alerts.path>/silences/:id` on the app's adapter, token-guarded. */
@Injectable()
export class SilencesRoutes implements OnModuleInit {
  private readonly logger = new Logger('Alerting');

  constructor(
    private readonly notifications: AlertNotifications,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERTING_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled || !adapter) return;
    const handler = new SilencesHttpHandler(this.notifications.silences, this.auth, `${this.config.path.replace(/\/+$/, '')}/silences`);
    if (!claimAdapterRoute(adapter, handler.path)) {
      this.logger.warn({ path: handler.path, msg: 'silences path already served by another module of the suite in this app' });
      return;
    }
    const serve = (req: unknown, res: unknown): void => {
      const r = req as { headers: Record<string, unknown>; body?: unknown };
      const answer = handler.handle({
        method: adapter.getRequestMethod(req),
        url: adapter.getRequestUrl(req),
        authorization: r.headers['authorization'],
        body: r.body,
      });
      for (const [name, value] of Object.entries(answer.headers)) adapter.setHeader(res, name, value);
      adapter.reply(res, answer.body, answer.statusCode);
    };
    adapter.get(handler.path, serve);
    adapter.post(handler.path, serve);
    adapter.get(`${handler.path}/:id`, serve);
    adapter.delete(`${handler.path}/:id`, serve);
  }
}
