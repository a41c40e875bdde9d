// As `profiling-pyroscope`, sampling at 10 Hz instead of 100 Hz: how much of the profiler's cost is taking samples.
import { createServer } from 'node:http';
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sink.unref();
  const endpoint = `http://127.0.0.1:${sink.address().port}`;
  return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint, sampling_interval_us: 100_000 } })];
}
