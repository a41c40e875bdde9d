// As `profiling-pyroscope`, with `profiling.attribution: false`: V8's wall profiler without contexts (wall time
// only, no route or span labels) and requests not attached. Continuous profiling at its cheapest.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { attribution: false } });
