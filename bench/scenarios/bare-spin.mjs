// The bare endpoint plus a fixed amount of pure CPU work on every request (a busy wait of SPIN_US microseconds,
// default 13, before the request is handled): against bare, what N µs more work per request costs this machine in
// all, kernel and wake-ups included (docs/performance.md, "What a slower server pays on this VM").
export async function imports() {
  return [];
}

export async function setup(app) {
  const server = app.getHttpServer();
  const handlers = server.listeners('request');
  const spinMs = Number(process.env.SPIN_US ?? 13) / 1000;
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const until = performance.now() + spinMs;
    while (performance.now() < until);
    for (const handler of handlers) handler.call(server, req, res);
  });
}
