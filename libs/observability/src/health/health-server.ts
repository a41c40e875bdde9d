import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HEALTH_HEADERS, type HealthHttpHandler } from './health-http.handler.js';
import { HEALTH_PORT_FAILED } from './health.messages.js';

const NOT_FOUND = JSON.stringify({ statusCode: 404, message: 'Not Found' });
const CLOSE_DEADLINE_MS = 1_000;

/**
 * The separate health listener (`health.port`): a bare node:http server that answers the health paths and
 * nothing else, so a management port never exposes the app's routes. It keeps answering (readiness 503) while
 * the app drains, and its shutdown cannot hang on a client that keeps a connection open.
 */
export class HealthServer {
  private server?: Server;

  constructor(private readonly handler: HealthHttpHandler) {}

  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.keepAliveTimeout = 5_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: Error) => reject(new Error(HEALTH_PORT_FAILED(port, error.message))));
      server.listen(port, () => resolve());
    });
    server.on('error', () => undefined);
    this.server = server;
  }

  /** The port actually bound (tests may ask for any free one). */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_DEADLINE_MS);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
}
