// `bare-pprof` with contexts on (AsyncContextFrame, CPU time) and every request run in a context of its own through
// `runWithContext`, the way a route label is attached with @datadog/pprof (and @pyroscope/nodejs's wrapWithLabels):
// the floor of per-request attribution with the card's profiler, nothing of ours around it. Against `bare`.
import pprof from '@datadog/pprof';

export async function imports() {
  return [];
}

export async function setup(app) {
  pprof.time.start({ intervalMicros: 10_000, durationMillis: 60_000, withContexts: true, useCPED: true, collectCpuTime: true });
  const server = app.getHttpServer();
  const handlers = server.listeners('request');
  server.removeAllListeners('request');
  const dispatch = (req, res) => {
    for (const handler of handlers) handler.call(server, req, res);
  };
  server.on('request', (req, res) => pprof.time.runWithContext({ route: req.url }, dispatch, req, res));
}
