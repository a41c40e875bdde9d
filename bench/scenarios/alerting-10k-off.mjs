// The baseline of alerting-10k: the suite with the same 10,000 more series, alerting off (no rules).
import { alertingScenario } from '../alerting-scenario.mjs';

export const { imports, setup } = alertingScenario({ rules: false });
