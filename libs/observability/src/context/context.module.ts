import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ALL_ROUTES } from '../common/all-routes.js';
import { resolveSection } from '../common/resolve-section.js';
import { CONTEXT_MODULE_OPTIONS } from './context.constants.js';
import { CONTEXT_RAW_OPTIONS, ContextConfigurableModule } from './context.module-definition.js';
import { FastifyRouteHook } from './fastify-route.hook.js';
import { RequestContextMiddleware } from './request-context.middleware.js';
import { RequestContextService } from './request-context.service.js';
import { RouteTemplateGuard } from './route-template.guard.js';

/**
 * The request context (request_id, user_id, trace ids) for every pillar. Global by default, so pillars imported
 * on their own find it; importing it more than once in one app is harmless (one context per request either way).
 */
@Module({
  providers: [
    { provide: CONTEXT_MODULE_OPTIONS, useFactory: (raw: unknown) => resolveSection('context', raw), inject: [CONTEXT_RAW_OPTIONS] },
    RequestContextService,
    FastifyRouteHook,
    { provide: APP_GUARD, useClass: RouteTemplateGuard },
  ],
  exports: [RequestContextService],
})
export class ContextModule extends ContextConfigurableModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes(ALL_ROUTES);
  }
}
