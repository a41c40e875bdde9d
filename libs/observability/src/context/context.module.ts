import { resolveSection } from '../config/index.js';
import type { Server } from 'node:http';
import { Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONTEXT_MODULE_OPTIONS } from './context.constants.js';
import { CONTEXT_RAW_OPTIONS, ContextConfigurableModule } from './context.module-definition.js';
import { addFastifyRouteHook } from './fastify-route.hook.js';
import { RequestContextService } from './request-context.service.js';

/**
 * The request context (request_id, user_id, trace ids) for every pillar. Global by default, so pillars imported
 * on their own find it; importing it more than once in one app is harmless (one context per request either way).
 */
@Module({
  providers: [
    { provide: CONTEXT_MODULE_OPTIONS, useFactory: (raw: unknown) => resolveSection('context', raw), inject: [CONTEXT_RAW_OPTIONS] },
    RequestContextService,
  ],
  exports: [RequestContextService],
})
export class ContextModule extends ContextConfigurableModule implements NestModule {
  constructor(
    private readonly contexts: RequestContextService,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  /**
   * Runs while Nest registers middleware: the HTTP server exists by then (also for testing modules), and Nest has
   * not started serving. Apps without HTTP (microservices, standalone contexts) use `RequestContextService.run`.
   */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.listeners === 'function') this.contexts.attach(server);
    if (adapter?.getType() === 'fastify') addFastifyRouteHook(adapter.getInstance());
  }
}
