// The whole suite as in suite.mjs, plus the metrics pillar's global interceptor (`metricsInterceptor: true`).
import { benchLogFile } from '../log-file.mjs';
import { ObservabilityLogger, ObservabilityModule, startTracing } from 'nestjs-observability';

const config = {
  logging: { output: benchLogFile('suite-interceptor') },
  metrics: { namespace: 'bench' },
};

export async function imports() {
  await startTracing({ tracing: {} });
  return [ObservabilityModule.forRoot(config, { metricsInterceptor: true })];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
