// Micro-benchmark of what tracing adds to one request, without HTTP: the server span (RECORD or sampled), the
// context switch, one child span, the naming and the tail decision at the root's end. Prints ns per request for
// each configuration. Usage: npm run build && node bench/tracing-micro.mjs
import 'reflect-metadata';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resolveSection } from '../libs/observability/dist/common/resolve-section.js';
import { TracingRuntime } from '../libs/observability/dist/tracing/runtime/tracing-runtime.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const N = 200_000;

function request(tracer) {
  const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': '/bench/42', 'url.scheme': 'http' } }, ROOT_CONTEXT);
  context.with(trace.setSpan(ROOT_CONTEXT, span), () => {
    span.updateName('GET /bench/:id');
    span.setAttribute('http.route', '/bench/:id');
    const child = tracer.startSpan('BenchService.get');
    child.end();
  });
  span.setAttribute('http.response.status_code', 200);
  span.end();
}

async function measure(label, tracing) {
  const runtime = await TracingRuntime.create(resolveSection('tracing', { exporter: 'memory', ...tracing }));
  for (let i = 0; i < 20_000; i++) request(runtime.tracer);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) request(runtime.tracer);
  const ns = Number(process.hrtime.bigint() - start) / N;
  console.log(`${label.padEnd(44)} ${ns.toFixed(0).padStart(6)} ns/request  dropped=${JSON.stringify(runtime.drops.snapshot())}`);
  await runtime.shutdown(1_000);
}

console.log(`node ${process.version}; ${N} simulated requests each (server span + 1 child), in-process`);
await measure('1%, tail buffer (default)', {});
await measure('1%, no tail buffer', { intelligent_sampling: false });
await measure('0%, tail buffer', { sample_rate: 0 });
await measure('100%, memory exporter', { sample_rate: 1, target_traces_per_second: 0, max_traces_per_second: 1e6 });
