// Pyroscope mode in which the CPU profiler runs only in the first upload interval (15 s from startup: the warm-up and
// the first 13 s of the round) and then never again within a round (`cpu_duty_cycle: 0.01`: one interval in 100),
// with no scheduled capture (`interval: 1h`); heap profiles are pushed every 15 s all along. Against `profiling-off`
// over 150 s: what Pyroscope mode costs once the CPU profiler has stopped.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { cpu_duty_cycle: 0.01, upload_interval: '15s', interval: '1h' } });
