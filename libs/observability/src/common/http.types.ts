import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request object Nest middleware sees: express' `Request` or, with Fastify, the raw `IncomingMessage`. */
export type HttpRequest = IncomingMessage & {
  route?: { path?: unknown };
  originalUrl?: string;
  user?: Record<string, unknown>;
  [key: symbol]: unknown;
};

export type HttpResponse = ServerResponse;
