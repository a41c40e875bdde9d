import type { ManagementAuth } from './management-auth.js';
import { claimAdapterRoute } from './adapter-routes.js';

/** The part of Nest's HTTP adapter a management route uses (express and Fastify alike). */
export interface ManagementRouteAdapter {
  getInstance?(): unknown;
  get(path: string, handler: (req: unknown, res: unknown) => void): unknown;
  reply(res: unknown, body: unknown, statusCode?: number): unknown;
  setHeader(res: unknown, name: string, value: string): unknown;
}

export const MANAGEMENT_UNAUTHORIZED = { status: 'error', message: 'requires Authorization: Bearer <management.token>' };

/**
 * Serves `GET path` on the app's adapter for holders of the management token: `body()` as JSON, never cached;
 * 401 without the token. False (nothing registered) when another module of the suite in this app serves the path.
 */
export function serveManagementJson(adapter: ManagementRouteAdapter, path: string, auth: ManagementAuth, body: () => unknown): boolean {
  if (!claimAdapterRoute(adapter, path)) return false;
  adapter.get(path, (req, res) => {
    const headers = (req as { headers?: Record<string, unknown> }).headers;
    adapter.setHeader(res, 'cache-control', 'no-store');
    if (!auth.isAuthorized(headers?.['authorization'])) {
      adapter.reply(res, MANAGEMENT_UNAUTHORIZED, 401);
      return;
    }
    adapter.reply(res, body(), 200);
  });
  return true;
}
