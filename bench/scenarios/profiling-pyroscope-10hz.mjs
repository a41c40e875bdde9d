// As `profiling-pyroscope`, sampling at 10 Hz instead of 100 Hz: how much of the profiler's cost is taking samples.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { sampling_interval_us: 100_000 } });
