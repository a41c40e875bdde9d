// As `profiling-pyroscope`, with contexts but without CPED (useCPED off: the profiler's own context slot, no
// AsyncLocalStorage store) and no per-request attach: what CPED itself costs.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ start: { useCPED: false }, attach: false });
