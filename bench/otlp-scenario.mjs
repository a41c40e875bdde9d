// What the *-otlp* scenarios share: `suite` (or `tracing`, with `stack: 'tracing'`) with its kept traces exported
// over OTLP/HTTP (protobuf), as the configuration does, to a receiver in a process of its own
// (bench/sink-process.mjs, answering 200 to everything), where `suite` and `tracing` keep them in memory. `batch`:
// the export queue's settings (`tracing.batch`).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservabilityLogger, ObservabilityModule, startTracing, TracingModule } from 'nestjs-observability';
import { startSink } from './sink-process.mjs';

export function otlpScenario({ stack = 'suite', batch } = {}) {
  return {
    async imports() {
      const endpoint = await startSink();
      const tracing = { exporter: 'otlp-http', endpoint, ...(batch ? { batch } : {}) };
      await startTracing({ tracing });
      if (stack === 'tracing') return [TracingModule.forRoot({ tracing })];
      return [
        ObservabilityModule.forRoot({
          logging: { output: join(tmpdir(), `bench-suite-${process.pid}.log`) },
          metrics: { namespace: 'bench' },
          tracing,
        }),
      ];
    },
    async setup(app) {
      if (stack === 'suite') app.useLogger(app.get(ObservabilityLogger));
    },
  };
}
