// As `profiling-pyroscope`, uploading every 60 s instead of 15 s: what each upload (a cut of the CPU profiler, which
// restarts it, and a heap profile) adds. Measure over rounds longer than the interval: `--duration 100`.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { upload_interval: '60s' } });
