// The request context's per-request work written by hand, with nothing else around it: a context object carried
// on the request, a request id (crypto.randomUUID) echoed in a header, AsyncLocalStorage around the handlers, one
// `close` listener that reads the duration. Beside `context` (`npm run bench -- --paired context-minimal context`):
// what the feature costs in any implementation, against what ours costs (docs/performance.md).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const CONTEXT = Symbol('context');

export async function imports() {
  return [];
}

export async function setup(app) {
  const server = app.getHttpServer();
  const storage = new AsyncLocalStorage();
  const handlers = server.listeners('request');
  server.removeAllListeners('request');
  const serve = (req, res) => {
    for (const handler of handlers) handler.call(server, req, res);
  };
  const onClose = function () {
    const ctx = this.req[CONTEXT];
    ctx.durationMs = performance.now() - ctx.startedAtMs;
  };
  server.on('request', (req, res) => {
    const ctx = { requestId: randomUUID(), startedAtMs: performance.now(), durationMs: 0 };
    req[CONTEXT] = ctx;
    res.setHeader('x-request-id', ctx.requestId);
    res.on('close', onClose);
    storage.run(ctx, serve, req, res);
  });
}
