import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request object Nest middleware sees: express' `Request` or, with Fastify, the raw `IncomingMessage`. */
export type HttpRequest = IncomingMessage & {
  route?: { path?: unknown };
  originalUrl?: string;
  user?: Record<string, unknown>;
  [key: symbol]: unknown;
};

export type HttpResponse = ServerResponse;

/** nginx's "client closed request": what every pillar reports for a request whose client left before the response was complete. */
export const CLIENT_CLOSED_REQUEST = 499;

/** The status a request ended with, one truth for log lines, metrics and spans: 499 when the client went away first. */
export function responseStatusOf(res: HttpResponse): number {
  return res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
}
