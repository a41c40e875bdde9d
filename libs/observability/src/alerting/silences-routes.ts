import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  claimAdapterRoute,
  managementListenerFor,
  readBody,
  ROUTE_ALREADY_SERVED,
  type ManagementAuth,
  type ManagementListener,
} from '../common/index.js';
import type { AlertsConfig, ManagementConfig } from '../config/index.js';
import { AlertNotifications } from './alert-notifications.js';
import { ALERTING_MANAGEMENT, ALERTING_MANAGEMENT_AUTH, ALERTS_CONFIG } from './alerting.constants.js';
import { MAX_SILENCE_BODY_BYTES, SilencesHttpHandler } from './silences/silences-http.handler.js';

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

/**
 * `GET/POST <alerts.path>/silences` and `GET/DELETE <alerts.path>/silences/:id`, token-guarded: on the management
 * listener when `management.port` is set, else on the app's adapter. Both answer alike.
 */
@Injectable()
export class SilencesRoutes implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerting');
  private listener?: ManagementListener;

  constructor(
    private readonly notifications: AlertNotifications,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERTING_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
    @Inject(ALERTING_MANAGEMENT) private readonly management: ManagementConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled) return;
    const handler = new SilencesHttpHandler(this.notifications.silences, this.auth, `${this.config.path.replace(/\/+$/, '')}/silences`);
    if (this.management.port !== undefined) {
      const listener = managementListenerFor(adapter, this.management.port, this.management.host);
      const serve = (req: IncomingMessage, res: ServerResponse) => this.serveSide(handler, req, res);
      if (listener.add(handler.path, serve)) listener.add(`${handler.path}/:id`, serve);
      else this.alreadyServed(handler.path);
      this.listener = listener;
      return;
    }
    if (!adapter) return;
    if (!claimAdapterRoute(adapter, handler.path)) return this.alreadyServed(handler.path);
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

  async onApplicationBootstrap(): Promise<void> {
    await this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.release();
  }

  private async serveSide(handler: SilencesHttpHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const raw = method === 'POST' ? await readBody(req, MAX_SILENCE_BODY_BYTES) : undefined;
    // An empty body reaches the handler as the adapters' body parsers leave it: absent.
    const body = raw?.length ? raw : undefined;
    const answer = handler.handle({ method, url: req.url ?? '/', authorization: req.headers.authorization, body });
    res.writeHead(answer.statusCode, answer.headers).end(JSON.stringify(answer.body));
  }

  private alreadyServed(path: string): void {
    this.logger.warn({ path, msg: ROUTE_ALREADY_SERVED('silences') });
  }
}
