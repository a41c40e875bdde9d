// The whole suite at its defaults, as an app uses it: tracing started the way the preload starts it (1% head
// sampling, tail buffer, default instrumentations), ObservabilityModule.forRoot with logs to a file (one request
// line per request), RED metrics, health with its background checks, Nest's logger routed through the suite.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservabilityLogger, ObservabilityModule, startTracing } from 'nestjs-observability';

const config = {
  logging: { output: join(tmpdir(), `bench-suite-${process.pid}.log`) },
  metrics: { namespace: 'bench' },
};

export async function imports() {
  await startTracing({ tracing: {} });
  return [ObservabilityModule.forRoot(config)];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
