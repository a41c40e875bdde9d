// As `profiling-pyroscope` (contexts, CPED, every request attached), with the wall profiler's collectCpuTime off:
// what reading the thread's CPU time at every sample costs.
import { createServer } from 'node:http';
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sink.unref();
  const endpoint = `http://127.0.0.1:${sink.address().port}`;
  const importPprof = async () => {
    const pprof = (await import('@datadog/pprof')).default;
    return { ...pprof, time: { ...pprof.time, start: (o) => pprof.time.start({ ...o, collectCpuTime: false }) } };
  };
  return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint }, importPprof })];
}
