// Continuous profiling pushed to Pyroscope: as `profiling`, plus every request attached to the profiler for route
// labels (Pyroscope reads every cut) and an upload every 60 s (the default), to a sink in a process of its own that
// accepts and discards (bench/sink-process.mjs).
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario();
