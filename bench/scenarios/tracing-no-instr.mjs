// Tracing at 1% with the tail buffer, no auto-instrumentation at all (TracingModule on its own, no preload).
import { TracingModule } from 'nestjs-observability';

export async function imports() {
  return [TracingModule.forRoot({ tracing: {} })];
}
