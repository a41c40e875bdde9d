// Micro-benchmarks of the metrics pillar (run `npm run build` first): the per-request cost of the RED recorder
// and interceptor, and the /metrics render time at 1,000 and 10,000 series, against prom-client's own renderer.
// Usage: node bench/metrics-micro.mjs
import 'reflect-metadata';
import { Registry } from 'prom-client';
import { of, lastValueFrom } from 'rxjs';
import { ExpositionRenderer } from '../libs/observability/dist/metrics/exposition/exposition-renderer.js';
import { RequestMetricsInterceptor } from '../libs/observability/dist/metrics/interceptors/request-metrics.interceptor.js';
import { MetricsService } from '../libs/observability/dist/metrics/metrics.service.js';
import { classifyError } from '../libs/observability/dist/metrics/red/error-classifier.js';
import { RequestMetrics } from '../libs/observability/dist/metrics/red/request-metrics.js';
import { validateObservabilityConfig } from 'nestjs-observability';

const config = (metrics = {}) =>
  validateObservabilityConfig({ metrics: { namespace: 'bench', default_metrics: false, ...metrics } }).metrics;

function time(label, n, fn) {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(`${label.padEnd(58)} ${ns.toFixed(0).padStart(7)} ns/op`);
  return ns;
}

async function timeAsync(label, n, fn, quiet = false) {
  for (let i = 0; i < 5; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const ms = Number(process.hrtime.bigint() - start) / n / 1e6;
  if (!quiet) console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(7)} ms/op`);
  return ms;
}

console.log(`node ${process.version}; figures are per operation, on a shared machine (noisy)\n`);

// RED: the end-of-request listener as the request context calls it, for one route (label children cached).
{
  let listener;
  const contexts = { onResponse: (l) => ((listener = l), () => {}) };
  const metrics = new MetricsService(config());
  const red = new RequestMetrics(metrics, { httpAdapter: undefined }, contexts, classifyError);
  red.onApplicationBootstrap();
  const req = { method: 'GET', headers: {} };
  const res = { statusCode: 200, writableFinished: true };
  const ctx = { route: '/bench/:id', startedAt: process.hrtime.bigint() };
  time('RED recorder, per request (cached route)', 1_000_000, () => listener(req, res, ctx));
  const routes = Array.from({ length: 50 }, (_, i) => ({ route: `/r${i}/:id`, startedAt: ctx.startedAt }));
  time('RED recorder, per request (50 routes, round robin)', 1_000_000, (i) => listener(req, res, routes[i % 50]));
  const interceptor = new RequestMetricsInterceptor(red);
  const http = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => req }) };
  const handler = { handle: () => of(1) };
  const ns = async (label, fn) =>
    console.log(`${label.padEnd(58)} ${((await timeAsync(label, 200_000, fn, true)) * 1e6).toFixed(0).padStart(7)} ns/op`);
  await ns('baseline: a handler observable, no interceptor', () => lastValueFrom(handler.handle()));
  await ns('RED interceptor (http: route + error hook)', () => lastValueFrom(interceptor.intercept(http, handler)));
}

// /metrics rendering: N series of a 3-label counter, and N series spread over a histogram (13 lines per label set).
for (const n of [1_000, 10_000]) {
  const metrics = new MetricsService(config({ series_limit: 100_000 }));
  const counter = metrics.counter({ name: 'requests_total', help: 'h', labelNames: ['method', 'endpoint', 'status_code'] });
  for (let i = 0; i < n; i++) counter.inc({ method: 'GET', endpoint: `/api/r${i}/:id`, status_code: '200' });
  const renderer = new ExpositionRenderer();
  await timeAsync(`render text, ${n} counter series (ours)`, 50, () => renderer.render(metrics.registry, 'text'));
  await timeAsync(`render text, ${n} counter series (prom-client registry.metrics)`, 50, () => metrics.registry.metrics());
  await timeAsync(`render OpenMetrics, ${n} counter series (ours)`, 50, () => renderer.render(metrics.registry, 'openmetrics'));

  const hist = new MetricsService(config({ series_limit: 100_000 }));
  const h = hist.histogram({
    name: 'request_duration_seconds',
    help: 'h',
    labelNames: ['method', 'endpoint'],
    buckets: hist.config.buckets,
  });
  const labelSets = Math.round(n / 13);
  for (let i = 0; i < labelSets; i++) h.observe({ method: 'GET', endpoint: `/api/r${i}/:id` }, 0.01);
  await timeAsync(`render text, ${labelSets * 13} histogram series (${labelSets} label sets)`, 50, () =>
    renderer.render(hist.registry, 'text'),
  );
}
void Registry;
