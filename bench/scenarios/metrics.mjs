// Metrics pillar at its defaults: RED metrics for every request (by route template, label children cached, recorded
// when the response closes), default process metrics, the series budget, the request context it reads the route
// from; /metrics served on the app's port. No global interceptor (the default).
import { MetricsModule } from 'nestjs-observability';

export async function imports() {
  return [MetricsModule.forRoot({ metrics: { namespace: 'bench' } })];
}
