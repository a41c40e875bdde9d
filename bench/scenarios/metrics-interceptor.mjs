// Metrics pillar with its global RED interceptor (`interceptor: true`): errors named by the exception the handler
// threw, RPC handlers measured. Shows what Nest's per-request interceptor pipeline costs on a trivial endpoint.
import { MetricsModule } from 'nestjs-observability';

export async function imports() {
  return [MetricsModule.forRoot({ metrics: { namespace: 'bench' }, interceptor: true })];
}
