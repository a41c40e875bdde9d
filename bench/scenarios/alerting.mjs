// The whole suite as in suite.mjs, with alerting on: the demo's four rules (bench/alerting-rules.yaml, over this
// app's metrics) evaluated every 15 s, the default interval. Compare with `--baseline suite` (alerting off).
import { benchLogFile } from '../log-file.mjs';
import { fileURLToPath } from 'node:url';
import { ObservabilityLogger, ObservabilityModule, startTracing } from 'nestjs-observability';

const config = {
  logging: { output: benchLogFile('alerting') },
  metrics: { namespace: 'bench' },
  alerts: { rules_file: fileURLToPath(new URL('../alerting-rules.yaml', import.meta.url)) },
};

export async function imports() {
  await startTracing({ tracing: {} });
  return [ObservabilityModule.forRoot(config)];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
