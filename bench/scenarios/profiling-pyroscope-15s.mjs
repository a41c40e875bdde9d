// As `profiling-pyroscope`, uploading every 15 s instead of the default 60 s: what more frequent uploads (each a
// cut of the CPU profiler, which restarts it, and a heap profile) add. Measure over rounds much longer than the
// interval: `--duration 150`.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { upload_interval: '15s' } });
