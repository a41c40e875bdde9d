// Continuous profiling on: the V8 wall/CPU profiler sampling at 100 Hz with CPU time, the sampling heap profiler,
// and the scheduled capture (10s CPU + heap every minute).
// No Pyroscope endpoint: requests are attached to the profiler (route labels) only during the captures.
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  return [ProfilingModule.forRoot({ profiling: { enabled: true } })];
}
