// Logging pillar: one request line per request, JSON, to a file (what production does), request context on.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservabilityLogger, LoggingModule } from 'nestjs-observability';

export async function imports() {
  return [LoggingModule.forRoot({ logging: { output: join(tmpdir(), `bench-logging-${process.pid}.log`) } })];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
