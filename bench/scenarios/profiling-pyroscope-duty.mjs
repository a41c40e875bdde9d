// As `profiling-pyroscope`, with `cpu_duty_cycle: 0.2`: the CPU profiler runs (and requests are attached) one 15 s
// upload interval in five, and starts once per 75 s cycle. Measure over whole cycles: `--duration 150`.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { cpu_duty_cycle: 0.2 } });
