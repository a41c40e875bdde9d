// Tracing at 100% (every request exported to the in-memory exporter): the upper bound, for reference.
import { startTracing, TracingModule } from 'nestjs-observability';

const tracing = { sample_rate: 1, target_traces_per_second: 0, max_traces_per_second: 1000000 };

export async function imports() {
  await startTracing({ tracing });
  return [TracingModule.forRoot({ tracing })];
}
