import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { claimAdapterRoute, managementListenerFor, ROUTE_ALREADY_SERVED, type ManagementListener } from '../common/index.js';
import type { ManagementConfig, ProfilingConfig } from '../config/index.js';
import { PPROF_PATHS, PprofHttpHandler, type PprofResponse } from './pprof-http.handler.js';
import { PROFILING_CONFIG, PROFILING_MANAGEMENT } from './profiling.constants.js';

interface AdapterLike {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
}

interface RequestLike {
  url?: string;
  originalUrl?: string;
  headers?: Record<string, unknown>;
  raw?: { url?: string };
}

/**
 * Serves `/debug/pprof/*` when `profiling.enabled` and `profiling.endpoints` are both true; otherwise the paths do
 * not exist. On the management listener when `management.port` is set, else on the app's own HTTP adapter (Express
 * or Fastify) directly, as health's routes: no controller, no global prefix (tools are pointed at absolute paths).
 */
@Injectable()
export class PprofRoutes implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Profiling');
  private listener?: ManagementListener;

  constructor(
    private readonly handler: PprofHttpHandler,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PROFILING_CONFIG) private readonly config: ProfilingConfig,
    @Inject(PROFILING_MANAGEMENT) private readonly management: ManagementConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled || !this.config.endpoints) return;
    const routes = Object.entries(PPROF_PATHS) as [keyof typeof PPROF_PATHS, string][];
    if (this.management.port !== undefined) {
      const listener = managementListenerFor(adapter, this.management.port, this.management.host);
      for (const [route, path] of routes) listener.add(path, (req, res) => this.serve(route, req, res));
      this.listener = listener;
      return;
    }
    if (!adapter) return;
    for (const [route, path] of routes) {
      if (!claimAdapterRoute(adapter, path)) {
        this.logger.warn({ path, msg: ROUTE_ALREADY_SERVED('pprof') });
        continue;
      }
      adapter.get(path, (req, res) => void this.serve(route, req as RequestLike, res));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.release();
  }

  private async serve(route: keyof typeof PPROF_PATHS, req: RequestLike, res: unknown): Promise<void> {
    // Express hands a ServerResponse; Fastify a reply whose raw response we write once Fastify lets go of it.
    const reply = res as { raw?: ServerResponse; hijack?: () => void };
    const raw = reply.raw ?? (res as ServerResponse);
    reply.hijack?.();
    let response: PprofResponse;
    try {
      const url = req.originalUrl ?? req.raw?.url ?? req.url ?? '/';
      response = await this.handler.handle(route, url, req.headers?.['authorization']);
    } catch {
      response = { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"statusCode":500}' };
    }
    if (raw.headersSent || raw.destroyed) return;
    raw.writeHead(response.statusCode, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
    raw.end(response.body);
  }
}
