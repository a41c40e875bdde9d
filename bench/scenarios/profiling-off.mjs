// ProfilingModule imported with profiling off (the default): what an app pays for having the module at all. The
// native profiler is never loaded; requests are not wrapped.
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  return [ProfilingModule.forRoot({ profiling: { enabled: false } })];
}
