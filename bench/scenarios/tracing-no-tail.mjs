// Tracing at 1% without the tail buffer (intelligent_sampling: false): unsampled requests get non-recording spans.
import { startTracing, TracingModule } from 'nestjs-observability';

const tracing = { intelligent_sampling: false };

export async function imports() {
  await startTracing({ tracing });
  return [TracingModule.forRoot({ tracing })];
}
