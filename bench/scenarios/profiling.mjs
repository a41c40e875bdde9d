// Profiling on without Pyroscope, between scheduled captures: the sampling heap profiler runs, the V8 CPU profiler
// is stopped and requests are not attached (the first capture is 60s after start, past any round).
// `profiling-capturing` measures the time during a capture.
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  return [ProfilingModule.forRoot({ profiling: { enabled: true } })];
}
