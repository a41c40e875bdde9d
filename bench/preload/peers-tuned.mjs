// Preload of the `peers-tuned` scenario (`node --import` it): the NodeSDK with the http instrumentation only (a core
// module: no ESM loader hook needed), no resource detectors, ParentBased(TraceIdRatio 0.01), spans exported over
// OTLP/HTTP.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { otlpTracesUrl } from './otlp-sink.mjs';

new NodeSDK({
  traceExporter: new OTLPTraceExporter({ url: await otlpTracesUrl() }),
  instrumentations: [new HttpInstrumentation()],
  resourceDetectors: [],
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.01) }),
}).start();
