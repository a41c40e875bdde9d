export { REQUEST_CONTEXT_KEY, UNMATCHED_ROUTE } from './context.constants.js';
export { ContextModule } from './context.module.js';
export { addFastifyRouteHook } from './fastify-route.hook.js';
export type { ContextModuleOptions } from './context.module-definition.js';
export { RequestContext } from './request-context.js';
export { RequestContextService, type ContextFields } from './request-context.service.js';
export { handlerNameOf, handlerRouteOf, requestContextOf, routeTemplateOf } from './route-template.js';
export { hasRequestLifecycle, type ClientRejection } from './request-lifecycle.js';
