// As `profiling-pyroscope-unattributed`, with the wall profiler started with `workaroundV8Bug: false`: each cut
// (every upload interval) keeps V8's CPU profiler instead of replacing it by a new one.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { attribution: false }, start: { workaroundV8Bug: false } });
