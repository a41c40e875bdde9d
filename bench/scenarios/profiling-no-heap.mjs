// As `profiling` (between captures: CPU profiler stopped), with the sampling heap profiler never started: what the
// heap profiler costs while it samples all along. Heap profiles are then empty; for measurement only.
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  const importPprof = async () => {
    const pprof = (await import('@datadog/pprof')).default;
    return { ...pprof, heap: { ...pprof.heap, start: () => undefined, stop: () => undefined } };
  };
  return [ProfilingModule.forRoot({ profiling: { enabled: true }, importPprof })];
}
