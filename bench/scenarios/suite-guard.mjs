// The whole suite as in suite.mjs, plus one global guard that lets everything through: what any global guard costs
// a request in Nest's guard pipeline (an execution context and an awaited step). Until the tracing pillar read the
// handler's name from the router, it registered such a guard; `--baseline suite-guard suite` measures what that cost.
import { imports, setup as setupSuite } from './suite.mjs';

export { imports };

export async function setup(app) {
  await setupSuite(app);
  app.useGlobalGuards({ canActivate: () => true });
}
