import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { claimAdapterRoute } from '../common/index.js';
import type { ProfilingConfig } from '../config/index.js';
import { PPROF_PATHS, PprofHttpHandler, type PprofResponse } from './pprof-http.handler.js';
import { PROFILING_CONFIG } from './profiling.constants.js';

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
 * Serves `/debug/pprof/*` on the app's own HTTP adapter (Express or Fastify) when `profiling.enabled` and
 * `profiling.endpoints` are both true; otherwise the paths do not exist. Routes go on the adapter directly, as
 * health's do: no controller, no global prefix (tools are pointed at absolute paths).
 */
@Injectable()
export class PprofRoutes implements OnModuleInit {
  private readonly logger = new Logger('Profiling');

  constructor(
    private readonly handler: PprofHttpHandler,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PROFILING_CONFIG) private readonly config: ProfilingConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter as AdapterLike | undefined;
    if (!this.config.enabled || !this.config.endpoints || !adapter) return;
    for (const [route, path] of Object.entries(PPROF_PATHS) as [keyof typeof PPROF_PATHS, string][]) {
      if (!claimAdapterRoute(adapter, path)) {
        this.logger.warn({ path, msg: 'pprof path already served by another module of the suite in this app; not registered twice' });
        continue;
      }
      adapter.get(path, (req, res) => void this.serve(route, req as RequestLike, res));
    }
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
