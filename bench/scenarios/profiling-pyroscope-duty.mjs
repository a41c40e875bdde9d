// As `profiling-pyroscope`, with `cpu_duty_cycle: 0.2` and uploads every 15 s: the CPU profiler runs (and requests are
// attached) one interval in five, starting once per 75 s cycle. Measure over whole cycles: `--duration 150`.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { cpu_duty_cycle: 0.2, upload_interval: '15s' } });
