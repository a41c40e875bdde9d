// What the suite-otlp* scenarios share: `suite` with its kept traces exported over OTLP/HTTP (protobuf), as issue
// 13's configuration does, to a receiver in a process of its own (bench/sink-process.mjs, answering 200 to
// everything), where `suite` keeps them in memory. `batch`: the export queue's settings (`tracing.batch`).
import { ObservabilityLogger, ObservabilityModule, startTracing } from 'nestjs-observability';
import { benchLogFile } from './log-file.mjs';
import { startSink } from './sink-process.mjs';

export function otlpScenario({ batch } = {}) {
  return {
    async imports() {
      const endpoint = await startSink();
      const tracing = { exporter: 'otlp-http', endpoint, ...(batch ? { batch } : {}) };
      await startTracing({ tracing });
      return [
        ObservabilityModule.forRoot({
          logging: { output: benchLogFile('suite-otlp') },
          metrics: { namespace: 'bench' },
          tracing,
        }),
      ];
    },
    async setup(app) {
      app.useLogger(app.get(ObservabilityLogger));
    },
  };
}
