// Logging pillar: one request line per request, JSON, to a file (what production does), request context on.
import { benchLogFile } from '../log-file.mjs';
import { ObservabilityLogger, LoggingModule } from 'nestjs-observability';

export async function imports() {
  return [LoggingModule.forRoot({ logging: { output: benchLogFile('logging') } })];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
}
