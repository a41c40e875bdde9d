import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { HealthConfig } from '../config/index.js';
import { HEALTH_HEADERS, HealthHttpHandler, type HealthEndpoint } from './health-http.handler.js';
import { HEALTH_CONFIG } from './health.constants.js';
import { claimAdapterRoute, ROUTE_ALREADY_SERVED, SidePortServer } from '../common/index.js';

const NOT_FOUND = JSON.stringify({ statusCode: 404, message: 'Not Found' });

interface AdapterLike {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
  getRequestUrl?(req: unknown): string;
}

/**
 * Serves the endpoints where the configuration says: on the app's own HTTP adapter (Express or Fastify), at
 * paths read from the configuration at startup, so `forRootAsync` works; or only on `health.port`. Routes go on
 * the adapter directly, before Nest adds its 404 handler: they need no controller and ignore the global prefix
 * (probes are configured with absolute paths).
 */
@Injectable()
export class HealthRoutes implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private server?: SidePortServer;
  private readonly logger = new Logger('HealthService');

  constructor(
    private readonly handler: HealthHttpHandler,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled || this.config.port !== undefined || !adapter) return;
    for (const endpoint of ['health', 'live', 'ready'] as const) {
      const path = this.handler.paths[endpoint];
      if (!claimAdapterRoute(adapter, path)) {
        this.logger.warn({ path, msg: ROUTE_ALREADY_SERVED('health') });
        continue;
      }
      adapter.get(path, (req, res) => void this.serve(adapter, endpoint, req, res));
    }
  }

  /** Starts the `health.port` listener: it answers the health paths and nothing else, never the app's routes. */
  async onApplicationBootstrap(): Promise<void> {
    const { enabled, port, host } = this.config;
    if (!enabled || port === undefined) return;
    const server = new SidePortServer({ port, host, field: 'observability.health.port', serves: 'health' }, (req, res) =>
      this.serveSide(req, res),
    );
    await server.listen();
    this.server = server;
  }

  /** After the app's own server has closed: the health port answered 503 through the whole drain. */
  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  private async serveSide(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = req.url ?? '/';
      const endpoint = req.method === 'GET' || req.method === 'HEAD' ? this.handler.match(url.split('?', 1)[0] ?? '/') : undefined;
      if (!endpoint) {
        res.writeHead(404, HEALTH_HEADERS).end(NOT_FOUND);
        return;
      }
      const { statusCode, body } = await this.handler.handle(endpoint, url, req.headers.authorization);
      res.writeHead(statusCode, HEALTH_HEADERS).end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    } catch {
      if (!res.headersSent) res.writeHead(500, HEALTH_HEADERS);
      res.end(JSON.stringify({ status: 'error' }));
    }
  }

  private async serve(adapter: AdapterLike, endpoint: HealthEndpoint, req: unknown, res: unknown): Promise<void> {
    const request = req as { url?: string; originalUrl?: string; headers?: Record<string, unknown> };
    try {
      const url = adapter.getRequestUrl?.(req) ?? request.originalUrl ?? request.url ?? '/';
      const { statusCode, body } = await this.handler.handle(endpoint, url, request.headers?.['authorization']);
      adapter.setHeader(res, 'cache-control', HEALTH_HEADERS['cache-control']!);
      adapter.reply(res, body, statusCode);
    } catch {
      adapter.reply(res, { status: 'error' }, 500);
    }
  }
}
