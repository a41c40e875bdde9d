// `suite` with an exporter that encodes each batch as OTLP/HTTP would (OpenTelemetry's ProtobufTraceSerializer) and
// sends nothing: against `suite` and `suite-otlp`, whether exporting costs the request path by its encoding or by
// its HTTP client.
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startTracing } from 'nestjs-observability';
import * as suite from './suite.mjs';

const encodeOnly = {
  export(spans, done) {
    ProtobufTraceSerializer.serializeRequest(spans);
    done({ code: 0 });
  },
  async shutdown() {},
  async forceFlush() {},
};

export async function imports() {
  await startTracing({ tracing: {}, exporter: encodeOnly });
  return suite.imports();
}

export const setup = suite.setup;
