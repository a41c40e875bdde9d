// The `suite` scenario, given the library's exports: the package as published (bench/scenarios/suite.mjs), or its
// unbundled modules (bench/scenarios/suite-unbundled.mjs). Tracing started the way the preload starts it (1% head
// sampling, tail buffer, default instrumentations), ObservabilityModule.forRoot with logs to a file (one request line
// per request), RED metrics, health with its background checks, Nest's logger routed through the suite.
// `config` replaces sections of that configuration; `setup(app)` runs once the app is created (the alerting scenarios).
import { benchLogFile } from './log-file.mjs';

export function suiteScenario({ ObservabilityLogger, ObservabilityModule, startTracing }, { config = {}, setup } = {}) {
  const options = {
    logging: { output: benchLogFile('suite') },
    metrics: { namespace: 'bench' },
    ...config,
  };
  return {
    async imports() {
      await startTracing({ tracing: {} });
      return [ObservabilityModule.forRoot(options)];
    },
    async setup(app) {
      app.useLogger(app.get(ObservabilityLogger));
      await setup?.(app);
    },
  };
}
