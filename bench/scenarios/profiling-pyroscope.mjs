// Continuous profiling pushed to Pyroscope: as `profiling`, plus every request attached to the profiler for route
// labels (Pyroscope reads every cut) and an upload every 15s, to a sink in this process that accepts and discards.
import { createServer } from 'node:http';
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sink.unref();
  const endpoint = `http://127.0.0.1:${sink.address().port}`;
  return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint } })];
}
