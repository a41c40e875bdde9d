import type { IncomingMessage, ServerResponse } from 'node:http';
import { SidePortServer } from './side-port-server.js';

/** Answers one request of a management route on the side listener. */
export type ManagementHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => void | Promise<void>;

/** Where `management.port` listeners are kept: on the app's HTTP adapter instance, so per app, never process-wide. */
const LISTENERS_KEY = Symbol.for('nestjs-observability.management-listeners');

interface Route {
  readonly matches: (pathname: string) => boolean;
  readonly handle: ManagementHandler;
}

const NOT_FOUND = JSON.stringify({ statusCode: 404, message: 'Not Found' });

/**
 * The listener on `management.port`: the token-protected management endpoints (pprof, alerts, silences) of every
 * pillar of one app, on one port that the app's own routes never reach. Pillars add their routes while modules
 * initialise, start it on bootstrap and release it on shutdown; the last release closes it.
 */
export class ManagementListener {
  private readonly routes: Route[] = [];
  private readonly server: SidePortServer;
  private users = 0;
  private listening?: Promise<void>;

  constructor(port: number, host: string | undefined) {
    this.server = new SidePortServer({ port, host, field: 'observability.management.port', serves: 'management endpoints' }, (req, res) =>
      this.route(req, res),
    );
  }

  /**
   * Adds a route for `path`, where a `:name` segment matches any one segment; false when one already answers it
   * (a pillar imported alone and through ObservabilityModule).
   */
  add(path: string, handle: ManagementHandler): boolean {
    if (this.routes.some((route) => route.matches(path))) return false;
    this.routes.push({ matches: pathMatcher(path), handle });
    return true;
  }

  /** Listens once, whichever pillar asks first; every caller must {@link release} it. */
  async start(): Promise<void> {
    this.users++;
    this.listening ??= this.server.listen();
    await this.listening;
  }

  async release(): Promise<void> {
    if (this.users === 0) return;
    this.users--;
    if (this.users === 0) await this.server.close();
  }

  /** The port actually bound, while listening. */
  get port(): number | undefined {
    return this.server.port;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = this.routes.find((r) => r.matches(pathname));
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(NOT_FOUND);
      return;
    }
    await route.handle(req, res, pathname);
  }
}

function pathMatcher(path: string): (pathname: string) => boolean {
  const pattern = path.split('/');
  return (pathname) => {
    const segments = pathname.split('/');
    return segments.length === pattern.length && pattern.every((p, i) => (p.startsWith(':') ? segments[i] !== '' : p === segments[i]));
  };
}

/**
 * The management listener of the app whose HTTP adapter is `adapter` on `port`: the same one for every pillar of
 * that app, another one for another app. Without an adapter (an application context), the caller's own.
 */
export function managementListenerFor(
  adapter: { getInstance?(): unknown } | undefined,
  port: number,
  host: string | undefined,
): ManagementListener {
  const instance = adapter?.getInstance?.() as Record<symbol, Map<number, ManagementListener> | undefined> | undefined;
  if (!instance) return new ManagementListener(port, host);
  const listeners = (instance[LISTENERS_KEY] ??= new Map<number, ManagementListener>());
  let listener = listeners.get(port);
  if (!listener) listeners.set(port, (listener = new ManagementListener(port, host)));
  return listener;
}

/** Reads a request body, but no more than just past `limit` bytes: a longer result tells the caller it was too large. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > limit) break;
  }
  return Buffer.concat(chunks);
}
