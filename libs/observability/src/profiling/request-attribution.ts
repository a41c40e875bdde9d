import type { Server } from 'node:http';
import type { HttpRequest, HttpResponse } from '../common/http.types.js';
import type { ProfilerRuntime } from './profiler-runtime.js';

/** Kept on the app's own HTTP server object: per-app, never process-wide. */
const WRAPPED_KEY = Symbol.for('nestjs-observability.profiling-attribution');

/**
 * Runs each request of `server` attached to the profiler, so the CPU samples taken while it is served (in its
 * async continuations too) carry its route template. The check per request is one property read when the
 * profiler is not attributing. Idempotent per server.
 */
export function attachRequestAttribution(server: Server, runtime: ProfilerRuntime): void {
  const target = server as Server & { [WRAPPED_KEY]?: true };
  if (target[WRAPPED_KEY]) return;
  target[WRAPPED_KEY] = true;
  const handlers = server.listeners('request') as ((req: HttpRequest, res: HttpResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: HttpRequest, res: HttpResponse) => {
    runtime.runForRequest(req, res, () => {
      for (const handler of handlers) handler.call(server, req, res);
    });
  });
}
