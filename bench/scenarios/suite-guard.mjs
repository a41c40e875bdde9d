// The whole suite as in suite.mjs, plus one global guard that lets everything through: what any global guard costs
// a request in Nest's guard pipeline (an execution context and an awaited step). Until the tracing pillar read the
// handler's name from the router, it registered such a guard; `--baseline suite-guard suite` measures what that cost.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservabilityLogger, ObservabilityModule, startTracing } from 'nestjs-observability';

const config = {
  logging: { output: join(tmpdir(), `bench-suite-guard-${process.pid}.log`) },
  metrics: { namespace: 'bench' },
};

export async function imports() {
  await startTracing({ tracing: {} });
  return [ObservabilityModule.forRoot(config)];
}

export async function setup(app) {
  app.useLogger(app.get(ObservabilityLogger));
  app.useGlobalGuards({ canActivate: () => true });
}
