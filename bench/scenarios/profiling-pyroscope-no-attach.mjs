// As `profiling-pyroscope`, but requests are not attached to the profiler (no runWithContext per request, so no
// route labels): the cost of the per-request attach, read against `profiling-pyroscope` in the same run.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ attach: false });
