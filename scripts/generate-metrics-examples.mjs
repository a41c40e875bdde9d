// Writes examples/prometheus.yml and examples/grafana-dashboard.json from the metric names the
// code records and the demo's configuration. Run after `npm run build`; test/metrics-examples.e2e-spec.ts fails
// when the committed files differ from what this produces.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObservabilityConfig } from 'nestjs-observability';
import { grafanaDashboard, prometheusScrapeConfig } from 'nestjs-observability/prometheus';

const root = fileURLToPath(new URL('..', import.meta.url));
const { metrics } = loadObservabilityConfig(`${root}apps/assistant/config/observability.yaml`, { env: {} });
const files = {
  'examples/prometheus.yml': prometheusScrapeConfig(metrics, { job: 'assistant', targets: ['localhost:3000'] }),
  'examples/grafana-dashboard.json': `${JSON.stringify(grafanaDashboard(metrics), null, 2)}\n`,
};
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(`${root}${path}`), { recursive: true });
  writeFileSync(`${root}${path}`, content);
  process.stdout.write(`wrote ${path}\n`);
}
