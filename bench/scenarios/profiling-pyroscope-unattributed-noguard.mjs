// As `profiling-pyroscope-unattributed`, with the wall profiler started with `workaroundV8Bug: false`: without
// @datadog/pprof's guard against V8's profiler getting stuck, which (without contexts) intercepts the profiler's
// signal and waits for one at each cut.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { attribution: false }, start: { workaroundV8Bug: false } });
