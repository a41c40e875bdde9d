// Alerting under load: the suite with 10,000 more series and 50 rules over them evaluated every 15 s, each
// evaluation on the event loop. Compare with `--baseline alerting-10k-off` (the same series, no rules).
import { alertingScenario } from '../alerting-scenario.mjs';

export const { imports, setup } = alertingScenario({ rules: true });
