// As `profiling-pyroscope`, with the wall profiler started without contexts (withContexts, useCPED and so CPU time
// off) and no per-request attach: what contexts cost on top of the bare V8 profiler.
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
        start: (o) => pprof.time.start({ ...o, withContexts: false, useCPED: false, collectCpuTime: false }),
        runWithContext: (_context, fn, ...args) => fn(...args),
      },
    };
  };
  return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint }, importPprof })];
}
