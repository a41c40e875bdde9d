// As `profiling-pyroscope`, but requests are not attached to the profiler (no runWithContext per request, so no
// route labels): the cost of the per-request attach, read against `profiling-pyroscope` in the same run.
import { createServer } from 'node:http';
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sink.unref();
  const endpoint = `http://127.0.0.1:${sink.address().port}`;
  const importPprof = async () => {
    const pprof = (await import('@datadog/pprof')).default;
    return { ...pprof, time: { ...pprof.time, runWithContext: (_context, fn, ...args) => fn(...args) } };
  };
  return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint }, importPprof })];
}
