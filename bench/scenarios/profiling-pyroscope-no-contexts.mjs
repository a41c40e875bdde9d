// As `profiling-pyroscope`, with the wall profiler started without contexts (withContexts, useCPED and so CPU time
// off) and no per-request attach: what contexts cost on top of the bare V8 profiler.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({
  start: { withContexts: false, useCPED: false, collectCpuTime: false },
  attach: false,
});
