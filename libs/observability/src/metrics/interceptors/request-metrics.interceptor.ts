import type { HttpRequest } from '../../common/index.js';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, finalize, throwError, type Observable } from 'rxjs';
import { handlerRouteOf, requestContextOf } from '../../context/index.js';
import { RequestMetrics } from '../red/request-metrics.js';

const PATTERN_METADATA = 'microservices:pattern';

/**
 * The RED interceptor, global when request metrics are on. For HTTP it records the route template in the request
 * context and hands what a handler threw to the recorder (which measures at the server, to also count requests
 * that never get here); for RPC and WebSocket
 * handlers it measures the call itself, labelled by the message pattern (or `Class.method`).
 */
@Injectable()
export class RequestMetricsInterceptor implements NestInterceptor {
  constructor(private readonly recorder: RequestMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.recorder.enabled) return next.handle();
    const type = context.getType<string>();
    if (type === 'http') {
      const req = context.switchToHttp().getRequest<HttpRequest & { raw?: HttpRequest }>();
      const raw = req.raw ?? req;
      // The earliest point where the template is certain; recorded for every pillar (tracing may have done it).
      const ctx = requestContextOf(req);
      if (ctx && ctx.route === undefined) ctx.route = handlerRouteOf(req);
      return next.handle().pipe(
        catchError((error: unknown) => {
          this.recorder.noteError(raw, error);
          return throwError(() => error);
        }),
      );
    }
    const started = process.hrtime.bigint();
    const method = type.toUpperCase();
    const endpoint = endpointOf(context);
    let failed = false;
    let error: unknown;
    return next.handle().pipe(
      catchError((e: unknown) => {
        failed = true;
        error = e;
        return throwError(() => e);
      }),
      finalize(() => {
        try {
          this.recorder.recordOperation(method, endpoint, Number(process.hrtime.bigint() - started) / 1e9, error, failed);
        } catch {
          // Telemetry never fails the handler.
        }
      }),
    );
  }
}

function endpointOf(context: ExecutionContext): string {
  const pattern: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
  const first = Array.isArray(pattern) ? pattern[0] : pattern;
  if (typeof first === 'string') return first;
  if (first !== undefined && first !== null && typeof first === 'object') return JSON.stringify(first);
  return `${context.getClass().name}.${context.getHandler().name}`;
}
