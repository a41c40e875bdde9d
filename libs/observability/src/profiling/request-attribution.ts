import type { Server } from 'node:http';
import type { HttpRequest, HttpResponse } from '../common/index.js';
import type { ProfilerRuntime } from './profiler-runtime.js';

/** Kept on the app's own HTTP server object: per-app, never process-wide. */
const WRAPPED_KEY = Symbol.for('nestjs-observability.profiling-attribution');

/**
 * Runs each request of `server` attached to the profiler, so the CPU samples taken while it is served (in its
 * async continuations too) carry its route template. While the profiler is not attributing (between captures
 * without Pyroscope) a request costs one property read and one call: no closure, nothing allocated. Idempotent
 * per server.
 */
export function attachRequestAttribution(server: Server, runtime: ProfilerRuntime): void {
  const target = server as Server & { [WRAPPED_KEY]?: true };
  if (target[WRAPPED_KEY]) return;
  target[WRAPPED_KEY] = true;
  const handlers = server.listeners('request') as ((req: HttpRequest, res: HttpResponse) => void)[];
  const dispatch = (req: HttpRequest, res: HttpResponse): void => {
    for (const handler of handlers) handler.call(server, req, res);
  };
  server.removeAllListeners('request');
  server.on('request', (req: HttpRequest, res: HttpResponse) => {
    if (runtime.attributing) runtime.runForRequest(server, req, res, dispatch);
    else dispatch(req, res);
  });
}
