import type { ServerResponse } from 'node:http';
import type { ManagementAuth } from './management-auth.js';
import { claimAdapterRoute } from './adapter-routes.js';
import { MANAGEMENT_TOKEN_REQUIRED } from './common.messages.js';
import { managementListenerFor, type ManagementListener } from './management-listener.js';

/** The part of Nest's HTTP adapter a management route uses (express and Fastify alike). */
export interface ManagementRouteAdapter {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
}

/** Where management endpoints are served: `management.port` / `management.host`, or the app's own port. */
export interface ManagementPlacement {
  port?: number;
  host?: string;
}

const MANAGEMENT_UNAUTHORIZED = { status: 'error', message: MANAGEMENT_TOKEN_REQUIRED };

/**
 * `GET path` answering `body()` as JSON (never cached) for holders of the management token, 401 without it: on the
 * app's management listener when `management.port` is set, else on the app's adapter directly (no controller, no
 * global prefix). Both answer alike. The owner calls {@link start} at bootstrap and {@link release} at shutdown.
 */
export class ManagementJsonRoute {
  private listener?: ManagementListener;

  constructor(
    private readonly auth: ManagementAuth,
    private readonly body: () => unknown,
  ) {}

  /** False (nothing registered) when another module of the suite in this app already serves `path`. */
  register(adapter: ManagementRouteAdapter | undefined, placement: ManagementPlacement, path: string): boolean {
    if (placement.port !== undefined) {
      this.listener = managementListenerFor(adapter, placement.port, placement.host);
      return this.listener.add(path, (req, res) => this.serveSide(req.headers.authorization, res));
    }
    if (!adapter || !claimAdapterRoute(adapter, path)) return false;
    adapter.get(path, (req, res) => {
      const { statusCode, body } = this.answer((req as { headers?: Record<string, unknown> }).headers?.['authorization']);
      adapter.setHeader(res, 'cache-control', 'no-store');
      adapter.reply(res, body, statusCode);
    });
    return true;
  }

  async start(): Promise<void> {
    await this.listener?.start();
  }

  async release(): Promise<void> {
    await this.listener?.release();
  }

  private answer(authorization: unknown): { statusCode: number; body: unknown } {
    if (!this.auth.isAuthorized(authorization)) return { statusCode: 401, body: MANAGEMENT_UNAUTHORIZED };
    return { statusCode: 200, body: this.body() };
  }

  private serveSide(authorization: unknown, res: ServerResponse): void {
    const { statusCode, body } = this.answer(authorization);
    res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  }
}
