import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { HealthConfig } from '../config/index.js';
import { HEALTH_HEADERS, HealthHttpHandler, type HealthEndpoint } from './health-http.handler.js';
import { HealthServer } from './health-server.js';
import { HEALTH_CONFIG } from './health.constants.js';
import { claimAdapterRoute } from '../common/index.js';

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
  private readonly server: HealthServer;
  private readonly logger = new Logger('HealthService');

  constructor(
    private readonly handler: HealthHttpHandler,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {
    this.server = new HealthServer(handler);
  }

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled || this.config.port !== undefined || !adapter) return;
    for (const endpoint of ['health', 'live', 'ready'] as const) {
      const path = this.handler.paths[endpoint];
      if (!claimAdapterRoute(adapter, path)) {
        this.logger.warn({ path, msg: 'health path already served by another module of the suite in this app; not registered twice' });
        continue;
      }
      adapter.get(path, (req, res) => void this.serve(adapter, endpoint, req, res));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.enabled && this.config.port !== undefined) await this.server.listen(this.config.port);
  }

  /** After the app's own server has closed: the health port answered 503 through the whole drain. */
  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
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
