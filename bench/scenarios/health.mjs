// Health pillar with the built-in checks (memory, disk, event-loop delay) refreshed every second — 30x the
// default rate, to make the background cost visible — beside the measured endpoint. Probes are not in the load.
import { HealthModule } from 'nestjs-observability';

export async function imports() {
  return [HealthModule.forRoot({ health: { interval: '1s' } })];
}
