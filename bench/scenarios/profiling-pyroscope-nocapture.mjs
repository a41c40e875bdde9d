// As `profiling-pyroscope` (uploads every 60 s), with no scheduled capture inside a round (`interval: 1h`): the CPU
// profiler is cut only by the uploads. Against `profiling-pyroscope`: what the scheduled captures' own cuts add.
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

export const imports = pyroscopeScenario({ profiling: { interval: '1h' } });
