// The request context alone (request id accepted or generated and echoed, AsyncLocalStorage around the request):
// what every pillar builds on, measured on its own.
import { ContextModule } from 'nestjs-observability';

export async function imports() {
  return [ContextModule.forRoot({})];
}
