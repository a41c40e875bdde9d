import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SIDE_PORT_FAILED } from './common.messages.js';

/** Serves one request of a side listener; a throw or rejection becomes a 500 unless a response was started. */
export type SidePortHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface SidePortOptions {
  readonly port: number;
  /** Interface to bind. @default all interfaces */
  readonly host?: string;
  /** The configuration key the port comes from, named in the startup error (`observability.metrics.port`). */
  readonly field: string;
  /** What the listener serves, for the startup error (`metrics`, `health`, `management endpoints`). */
  readonly serves: string;
  /** How long an idle keep-alive connection stays open. @default 5000 */
  readonly keepAliveTimeoutMs?: number;
  /** How long a client may take to send a whole request. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** How long `close()` waits for requests in flight before it drops every connection. @default 1000 */
  readonly closeDeadlineMs?: number;
}

/**
 * A bare node:http listener beside the app's own server (`metrics.port`, `health.port`, `management.port`): it
 * serves only what its handler answers, never the app's routes. It does not keep the process alive, a slow client
 * cannot hold a request open forever, and `close()` cannot hang on a client that keeps its connection open.
 */
export class SidePortServer {
  private server?: Server;

  constructor(
    private readonly options: SidePortOptions,
    private readonly handler: SidePortHandler,
  ) {}

  /** Rejects with a message naming the configuration key, the address and the reason (`EADDRINUSE`). */
  async listen(): Promise<void> {
    if (this.server) return;
    const { port, host, field, serves } = this.options;
    const server = createServer((req, res) => void this.serve(req, res));
    server.keepAliveTimeout = this.options.keepAliveTimeoutMs ?? 5_000;
    server.requestTimeout = this.options.requestTimeoutMs ?? 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(SIDE_PORT_FAILED(serves, field, host, port, error.code ?? error.message))),
      );
      server.listen(port, host, () => resolve());
    });
    // Errors after listening (a client resetting its connection) are the client's, not the app's.
    server.on('error', () => undefined);
    server.unref();
    this.server = server;
  }

  /** The port actually bound, while listening. */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Stops accepting, lets requests in flight finish until the deadline, then drops every connection. Idempotent. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), this.options.closeDeadlineMs ?? 1_000);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      if (!res.writableEnded) res.end('internal error\n');
    }
  }
}
