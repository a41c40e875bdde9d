// Tracing pillar at its defaults: 1% head sampling (adaptive, reservoir 1/s, cap 100/s), the tail buffer on (every
// request's spans recorded until its root ends), the default auto-instrumentations (outbound http/undici and the
// database clients) started the way the preload does, the in-memory exporter. The endpoint makes no outbound calls,
// so this measures the per-request cost: the server span, the route guard, the tail decision.
import { startTracing, TracingModule } from 'nestjs-observability';

const tracing = {};

export async function imports() {
  await startTracing({ tracing });
  return [TracingModule.forRoot({ tracing })];
}
