// Logging pillar with Loki shipping on: the request line goes to a file AND to the shipping worker.
// LOKI_BENCH_URL points it at a Loki (bench/loki-outage.mjs starts a fake one); without it, at a closed port, which
// measures the cost of shipping while Loki is down.
import { benchLogFile } from '../log-file.mjs';
import { LoggingModule, ObservabilityLogger } from 'nestjs-observability';

export async function imports() {
  const endpoint = process.env.LOKI_BENCH_URL ?? 'http://127.0.0.1:9/loki/api/v1/push';
  return [
    LoggingModule.forRoot({
      logging: { output: benchLogFile('loki'), loki: { enabled: true, endpoint, labels: { service: 'bench' } } },
    }),
  ];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
