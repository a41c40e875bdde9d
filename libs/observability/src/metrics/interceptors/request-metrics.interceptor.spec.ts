import 'reflect-metadata';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { lastValueFrom, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../../config/index.js';
import type { RequestContextService } from '../../context/index.js';
import { ExpositionRenderer } from '../exposition/exposition-renderer.js';
import { MetricsService } from '../metrics.service.js';
import { createErrorClassifier } from '../red/error-classifier.js';
import { RequestMetrics } from '../red/request-metrics.js';
import { RequestMetricsInterceptor } from './request-metrics.interceptor.js';

class OrdersHandler {
  created(): void {}
  cancelled(): void {}
}
Reflect.defineMetadata('microservices:pattern', [{ cmd: 'order.created' }], OrdersHandler.prototype.created);
class QuotaExceeded extends Error {}

function setup() {
  const metrics = new MetricsService(
    validateObservabilityConfig({ metrics: { namespace: 'rpc', default_metrics: false, buckets: [0.000001, 30] } }).metrics,
  );
  const contexts = { onResponse: () => () => {} } as unknown as RequestContextService;
  const recorder = new RequestMetrics(
    metrics,
    { httpAdapter: undefined } as never,
    contexts,
    createErrorClassifier({ QuotaExceeded: 'quota' }),
  );
  return { metrics, interceptor: new RequestMetricsInterceptor(recorder) };
}

function rpcContext(handler: keyof OrdersHandler): ExecutionContextHost {
  const ctx = new ExecutionContextHost([{ data: 1 }, {}], OrdersHandler, OrdersHandler.prototype[handler]);
  ctx.setType('rpc');
  return ctx;
}

describe('RequestMetricsInterceptor outside HTTP', () => {
  it('measures RPC handlers by message pattern (or Class.method), with OK/ERROR and the classified error', async () => {
    const { metrics, interceptor } = setup();
    await lastValueFrom(interceptor.intercept(rpcContext('created'), { handle: () => of('ok') }));
    const failure = new QuotaExceeded('over');
    const seen = await lastValueFrom(interceptor.intercept(rpcContext('cancelled'), { handle: () => throwError(() => failure) })).catch(
      (e: unknown) => e,
    );
    expect(seen).toBe(failure);
    const lines = (await new ExpositionRenderer().render(metrics.registry, 'text')).split('\n');
    expect(lines.filter((l) => l.startsWith('rpc_requests_total') || l.startsWith('rpc_errors_total'))).toEqual([
      'rpc_requests_total{method="RPC",endpoint="{\\"cmd\\":\\"order.created\\"}",status_code="OK"} 1',
      'rpc_requests_total{method="RPC",endpoint="OrdersHandler.cancelled",status_code="ERROR"} 1',
      'rpc_errors_total{method="RPC",endpoint="OrdersHandler.cancelled",error_type="quota"} 1',
    ]);
    expect(lines).toContain('rpc_request_duration_seconds_count{method="RPC",endpoint="OrdersHandler.cancelled"} 1');
  });
});
