import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { handlerRouteOf, requestContextOf } from './route-template.js';

/**
 * Never blocks anything. Guards run while the handler's route is the active one, which makes this the earliest
 * point where the route template is certain; it is recorded in the request context for logs, metrics and spans.
 */
@Injectable()
export class RouteTemplateGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Parameters<typeof handlerRouteOf>[0]>();
    const ctx = requestContextOf(req);
    if (ctx && ctx.route === undefined) ctx.route = handlerRouteOf(req);
    return true;
  }
}
