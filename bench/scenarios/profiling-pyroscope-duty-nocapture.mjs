// As `profiling-pyroscope-duty` (cpu_duty_cycle 0.2, uploads every 15 s), with no scheduled capture inside a round
// (`interval: 1h`): the CPU profiler runs only in the intervals the duty cycle keeps. Against `profiling-pyroscope-duty`
// it shows what the scheduled captures add in the skipped intervals. Measure over whole cycles: `--duration 150`.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { cpu_duty_cycle: 0.2, upload_interval: '15s', interval: '1h' } });
