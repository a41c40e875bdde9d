// As `profiling-pyroscope-unattributed`, sampling at 10 Hz (`sampling_interval_us: 100000`) instead of 100 Hz.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { attribution: false, sampling_interval_us: 100_000 } });
