// The whole suite as in suite.mjs, plus the metrics pillar's global interceptor (`metricsInterceptor: true`).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservabilityLogger, ObservabilityModule, startTracing } from 'nestjs-observability';

const config = {
  logging: { output: join(tmpdir(), `bench-suite-interceptor-${process.pid}.log`) },
  metrics: { namespace: 'bench' },
};

export async function imports() {
  await startTracing({ tracing: {} });
  return [ObservabilityModule.forRoot(config, { metricsInterceptor: true })];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
