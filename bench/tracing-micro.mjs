// Micro-benchmark of what tracing adds to one request, without HTTP: the server span (RECORD or sampled), the
// context switch, one child span, the naming and the tail decision at the root's end. Prints ns per request for
// each configuration. Usage: npm run build && node bench/tracing-micro.mjs
import 'reflect-metadata';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resolveSection } from '../libs/observability/dist/config/resolve-section.js';
import { TracingRuntime } from '../libs/observability/dist/tracing/runtime/tracing-runtime.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const N = 200_000;

// What ServerSpans does per request: start (an SDK span if sampled, a deferred one if the tail decides), the
// request's context, one child span (a @Traced method), then the tail decision when the response is done.
function request(runtime) {
  const span = runtime.startServerSpan('GET', ROOT_CONTEXT);
  context.with(trace.setSpan(ROOT_CONTEXT, span), () => {
    const child = runtime.tracer.startSpan('BenchService.get');
    child.end();
  });
  const sampled = (span.spanContext().traceFlags & 1) === 1;
  if (sampled) span.setAttributes({ 'http.route': '/bench/:id', 'http.response.status_code': 200 });
  runtime.endServerSpan(span, undefined);
}

async function measure(label, tracing) {
  const runtime = await TracingRuntime.create(resolveSection('tracing', { exporter: 'memory', ...tracing }));
  for (let i = 0; i < 20_000; i++) request(runtime);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) request(runtime);
  const ns = Number(process.hrtime.bigint() - start) / N;
  console.log(`${label.padEnd(44)} ${ns.toFixed(0).padStart(6)} ns/request  dropped=${JSON.stringify(runtime.drops.snapshot())}`);
  await runtime.shutdown(1_000);
}

console.log(`node ${process.version}; ${N} simulated requests each (server span + 1 child), in-process`);
await measure('1%, tail buffer (default)', {});
await measure('1%, no tail buffer', { intelligent_sampling: false });
await measure('0%, tail buffer', { sample_rate: 0 });
await measure('100%, memory exporter (sync loop: queue overflows)', {
  sample_rate: 1,
  target_traces_per_second: 0,
  max_traces_per_second: 1e6,
});
