// Runs `work(req)` before each request of a scenario's app reaches its handlers: how the bare-* scenarios add one known
// cost (garbage, a busy wait) to the bare endpoint and nothing else.
export function beforeEachRequest(app, work) {
  const server = app.getHttpServer();
  const handlers = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    work(req);
    for (const handler of handlers) handler.call(server, req, res);
  });
}
