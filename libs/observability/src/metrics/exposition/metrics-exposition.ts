import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { claimAdapterRoute, SidePortServer } from '../../common/index.js';
import { register as globalRegistry, type Registry } from 'prom-client';
import { GLOBAL_REGISTRY_CLASH, METRICS_UNAVAILABLE } from '../metrics.messages.js';
import { MetricsService } from '../metrics.service.js';
import { ExpositionRenderer, negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from './exposition-renderer.js';

interface AdapterLike {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => unknown): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
  reply(res: unknown, body: unknown, status?: number): unknown;
}

/**
 * Serves the registry at `metrics.path`: a route added to the app's own HTTP adapter (Express or Fastify, so the
 * path can come from forRootAsync), or, when `metrics.port` is set, a separate listener that serves nothing else.
 */
@Injectable()
export class MetricsExposition implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly renderer = new ExpositionRenderer();
  private readonly logger = new Logger('MetricsModule');
  private server?: SidePortServer;

  constructor(
    private readonly metrics: MetricsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The exposition as a scraper asking with `accept` gets it. */
  async scrape(accept?: string | string[]): Promise<{ contentType: string; body: string }> {
    const format = negotiateFormat(accept);
    const body = await this.renderer.render(this.registries(), format);
    return { contentType: format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE, body };
  }

  /** This app's registry, then prom-client's global one when `include_global_registry` asks for it. */
  private registries(): Registry[] {
    return this.metrics.config.include_global_registry ? [this.metrics.registry, globalRegistry] : [this.metrics.registry];
  }

  /**
   * Starts the `metrics.port` listener. By now the app's modules have registered their metrics, in both
   * registries: names in both are reported once.
   */
  async onApplicationBootstrap(): Promise<void> {
    const config = this.metrics.config;
    if (config.enabled && config.port !== undefined) {
      const server = new SidePortServer(
        { port: config.port, host: config.host, field: 'observability.metrics.port', serves: 'metrics' },
        (req, res) => this.serveSeparate(req, res, config.path),
      );
      await server.listen();
      this.server = server;
    }
    if (!config.enabled || !config.include_global_registry) return;
    const ours = new Set(this.metrics.registry.getMetricsAsArray().map((m) => m.name));
    const clashes = globalRegistry
      .getMetricsAsArray()
      .map((m) => m.name)
      .filter((name) => ours.has(name));
    if (clashes.length > 0) this.logger.warn(GLOBAL_REGISTRY_CLASH(clashes));
  }

  /** Adds `metrics.path` to the app's own adapter, unless `metrics.port` serves it. */
  onModuleInit(): void {
    const config = this.metrics.config;
    if (!config.enabled || config.port !== undefined) return;
    const adapter = this.adapterHost.httpAdapter as unknown as AdapterLike | undefined;
    // A second MetricsModule in the same app (imported alone and through ObservabilityModule) serves the same
    // path from its own registry; the first one to claim the path keeps it.
    if (!adapter || !claimAdapterRoute(adapter, config.path)) return;
    adapter.get(config.path, async (req, res) => {
      try {
        const { contentType, body } = await this.scrape((req as IncomingMessage).headers.accept);
        adapter.setHeader(res, 'Content-Type', contentType);
        adapter.reply(res, body, 200);
      } catch {
        adapter.setHeader(res, 'Content-Type', 'text/plain; charset=utf-8');
        adapter.reply(res, METRICS_UNAVAILABLE, 500);
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  private async serveSeparate(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== path || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    try {
      const { contentType, body } = await this.scrape(req.headers.accept);
      res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(METRICS_UNAVAILABLE);
    }
  }
}
