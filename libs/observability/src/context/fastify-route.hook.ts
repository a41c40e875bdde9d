import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { HttpRequest } from '../common/http.types.js';
import { FASTIFY_ROUTE_KEY } from './context.constants.js';

interface FastifyInstanceLike {
  addHook(name: 'onRequest', hook: (request: { routeOptions?: { url?: string }; raw: HttpRequest }, reply: unknown, done: () => void) => void): void;
  [key: symbol]: unknown;
}

const HOOKED = Symbol.for('nestjs-observability.fastify-route-hooked');

/**
 * Fastify hands middleware the raw request, which does not know its route. An `onRequest` hook copies the matched
 * route template onto it, so logs and metrics label Fastify requests by template as they do express ones.
 */
@Injectable()
export class FastifyRouteHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as { getType?(): string; getInstance?(): unknown } | undefined;
    if (adapter?.getType?.() !== 'fastify') return;
    const instance = adapter.getInstance?.() as FastifyInstanceLike | undefined;
    if (!instance || instance[HOOKED]) return;
    instance[HOOKED] = true;
    instance.addHook('onRequest', (request, _reply, done) => {
      const url = request.routeOptions?.url;
      if (typeof url === 'string') request.raw[FASTIFY_ROUTE_KEY] = url;
      done();
    });
  }
}
