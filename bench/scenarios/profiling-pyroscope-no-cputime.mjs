// As `profiling-pyroscope` (contexts, CPED, every request attached), with the wall profiler's collectCpuTime off:
// what reading the thread's CPU time at every sample costs.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ start: { collectCpuTime: false } });
