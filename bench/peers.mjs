// What the peer scenarios (bench/scenarios/peers-*.mjs) share: the card's libraries — nestjs-pino, @willsoto/nestjs-
// prometheus with a RED interceptor, the OpenTelemetry Node SDK — wired for the same endpoint as `suite`: one JSON
// request line per request to a file, RED metrics by (method, route, status), traces sampled at 1% (parent-based)
// and exported over OTLP/HTTP.
//
// Their OpenTelemetry SDKs are started by preloads (bench/preload/<scenario>.mjs, run with `node --import`), as an ESM
// app must for its modules to be instrumented. BENCH_LOG_FILE (for test/bench-peers.e2e-spec.ts; the bench leaves it
// unset): where the request lines go, by default a file in the temp folder named after the process.
import { Inject, Injectable, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { getToken, makeCounterProvider, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { tap } from 'rxjs';
import { benchLogFile } from './log-file.mjs';

export function logFile(scenario) {
  return process.env.BENCH_LOG_FILE ?? benchLogFile(scenario);
}

const REQUESTS = 'http_requests_total';
const DURATION = 'http_request_duration_seconds';
const LABELS = ['method', 'route', 'status'];

/**
 * The RED interceptor as the library's README and most write-ups wire it: a counter and a histogram by method,
 * route template and status, recorded when the handler's observable completes or errors.
 */
class RedInterceptor {
  constructor(requests, duration) {
    this.requests = requests;
    this.duration = duration;
  }

  intercept(context, next) {
    const http = context.switchToHttp();
    const req = http.getRequest();
    const start = performance.now();
    const record = (status) => {
      const method = req.method;
      const route = req.route?.path ?? 'unmatched';
      const code = String(status);
      this.requests.labels(method, route, code).inc();
      this.duration.labels(method, route, code).observe((performance.now() - start) / 1000);
    };
    return next.handle().pipe(tap({ next: () => record(http.getResponse().statusCode), error: (error) => record(error?.status ?? 500) }));
  }
}
Injectable()(RedInterceptor);
Inject(getToken(REQUESTS))(RedInterceptor, undefined, 0);
Inject(getToken(DURATION))(RedInterceptor, undefined, 1);

class RedMetricsModule {}
Module({
  imports: [PrometheusModule.register()],
  providers: [
    makeCounterProvider({ name: REQUESTS, help: 'HTTP requests.', labelNames: LABELS }),
    makeHistogramProvider({ name: DURATION, help: 'HTTP request duration in seconds.', labelNames: LABELS }),
    RedInterceptor,
    { provide: APP_INTERCEPTOR, useExisting: RedInterceptor },
  ],
})(RedMetricsModule);

/** @willsoto/nestjs-prometheus (/metrics, prom-client's default metrics) with the global RED interceptor. */
export { RedMetricsModule };
