// As `profiling-pyroscope`, with contexts but without CPED (useCPED off: the profiler's own context slot, no
// AsyncLocalStorage store) and no per-request attach: what CPED itself costs.
import { createServer } from 'node:http';
import { ProfilingModule } from 'nestjs-observability';

export async function imports() {
  const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sink.unref();
  const endpoint = `http://127.0.0.1:${sink.address().port}`;
  const importPprof = async () => {
    const pprof = (await import('@datadog/pprof')).default;
    return {
      ...pprof,
      time: {
        ...pprof.time,
        start: (o) => pprof.time.start({ ...o, useCPED: false }),
        runWithContext: (_context, fn, ...args) => fn(...args),
      },
    };
  };
  return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint }, importPprof })];
}
