// Continuous profiling on: the V8 wall/CPU profiler sampling at 100 Hz with CPU time, the sampling heap profiler,
// every request attached to the profiler for route labels, and the scheduled capture (10s CPU + heap every minute).
// No Pyroscope endpoint: an upload every 15s is off the request path; the sampling is the cost measured here.
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  return [ProfilingModule.forRoot({ profiling: { enabled: true } })];
}
