// Preload of the `peers-usual` scenario (`node --import` it, as OpenTelemetry's docs say for an ESM app): the NodeSDK
// with getNodeAutoInstrumentations() at its defaults and OpenTelemetry's ESM loader hook, so that Nest's and
// express's modules are instrumented as they load; spans sampled parent-based at 1% like the suite's, exported over
// OTLP/HTTP.
import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { otlpTracesUrl } from './otlp-sink.mjs';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
new NodeSDK({
  traceExporter: new OTLPTraceExporter({ url: await otlpTracesUrl() }),
  instrumentations: [getNodeAutoInstrumentations()],
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.01) }),
}).start();
