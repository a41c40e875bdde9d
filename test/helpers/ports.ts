import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * Listens on a port the kernel picks and reads it back: no window in which another process takes it. On loopback
 * unless `host` says otherwise (`'::'`: every interface).
 */
export async function listenOnFreePort<S extends Server | HttpServer>(server: S, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('server is not listening on a TCP port');
  return address.port;
}

/** A loopback port that is taken (another listener on it fails with EADDRINUSE) until `close()`. */
export interface HeldPort {
  port: number;
  close(): Promise<void>;
}

/** A port something listens on, on every interface (an HTTP server answering nothing): for "port in use" errors. */
export async function takenPort(): Promise<HeldPort> {
  const server = createHttpServer();
  const port = await listenOnFreePort(server, '::');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A loopback port where connections are refused, and stay refused while it is held: it is the local end of a
 * connected client socket, bound but not listening, so the kernel answers every new connection with a reset and
 * nobody can start listening there (a port found free and released could be taken by then). The client socket was
 * bound by `connect()` without SO_REUSEADDR, which is what keeps every listener out, Node's (which sets it) too.
 *
 * `close()` lets go in the order that leaves the port free at once, so a receiver can start on it ("the backend
 * is down, then back at the same address"): the server's end closes first, so the client's end, on `port`, closes
 * passively and never enters TIME_WAIT (a socket in TIME_WAIT would refuse that listener for a minute).
 */
export async function refusedPort(): Promise<HeldPort> {
  const accepted = new Set<Socket>();
  const server = createServer((socket) => accepted.add(socket));
  const serverPort = await listenOnFreePort(server);
  const client: Socket = connect(serverPort, '127.0.0.1');
  const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  // The server's end may be reset by `close()` below; the client's end must not turn that into an uncaught error.
  client.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const port = client.localPort;
  if (port === undefined) throw new Error('client socket has no local port');
  // The server's end, so that close() can end it first (accepted as soon as the event loop gets to it).
  const deadline = Date.now() + 5_000;
  while (accepted.size === 0) {
    if (Date.now() > deadline) throw new Error('refusedPort: the connection was never accepted');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () =>
      (closing ??= (async () => {
        for (const socket of accepted) socket.end();
        // The client's end answers the server's FIN at once; should it not, it is destroyed (the port may then wait
        // in TIME_WAIT, which only a test that listens there next would notice).
        const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
        await Promise.race([clientClosed, gaveUp]);
        client.destroy();
        for (const socket of accepted) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}

/**
 * A TCP port on loopback that nobody listens on right now (bound, then released): for a child process that must be
 * given a port number. Another process may take it before the child listens; where that matters, see {@link onFreePort}.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listenOnFreePort(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Runs `boot(port)` for a component that must be configured with a port number (it cannot take 0): the port is
 * free when chosen, and if another process takes it before `boot` listens there (EADDRINUSE), another is tried.
 */
export async function onFreePort<T>(boot: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await boot(port);
    } catch (error) {
      if (attempt >= attempts || !/EADDRINUSE|address already in use/i.test(String((error as Error).message))) throw error;
    }
  }
}
