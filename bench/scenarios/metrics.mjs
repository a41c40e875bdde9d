// Metrics pillar: RED metrics per request (by route template, label children cached), default process metrics,
// the series budget, the request context it reads the route from; /metrics served on the app's port.
import { MetricsModule } from 'nestjs-observability';

export async function imports() {
  return [MetricsModule.forRoot({ metrics: { namespace: 'bench' } })];
}
