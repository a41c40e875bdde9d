import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SidePortServer } from './side-port-server.js';

const servers: SidePortServer[] = [];

function side(handler: ConstructorParameters<typeof SidePortServer>[1], host = '127.0.0.1', port = 0): SidePortServer {
  const server = new SidePortServer({ port, host, field: 'observability.metrics.port', serves: 'metrics', closeDeadlineMs: 50 }, handler);
  servers.push(server);
  return server;
}

function get(port: number, agent?: Agent, host = '127.0.0.1'): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/x', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ res, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('SidePortServer', () => {
  it('closes while a client holds a keep-alive connection open, and the connection is dropped', async () => {
    const server = side((_req, res) => void res.end('ok'));
    await server.listen();
    const agent = new Agent({ keepAlive: true });
    let socketClosed!: Promise<void>;
    agent.once('free', (socket: Socket) => (socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()))));
    expect((await get(server.port!, agent)).body).toBe('ok');
    await server.close();
    await socketClosed;
    agent.destroy();
  });

  it('closes while a request is still unanswered: the deadline drops the connection', async () => {
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    const server = side(() => received());
    await server.listen();
    const pending = get(server.port!);
    await arrived;
    await server.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('binds the configured host only', async () => {
    // The port is held on 127.0.0.1 first: a server bound to every interface could not start there (EADDRINUSE),
    // and 127.0.0.1's connections reach the holder. (Expecting ECONNREFUSED instead failed whenever another process
    // listened on 127.0.0.1 on the same port number.)
    const holder = createServer((_req, res) => void res.end('on 127.0.0.1'));
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as AddressInfo).port;
      const server = side((_req, res) => void res.end('on 127.0.0.2'), '127.0.0.2', port);
      await server.listen();
      expect((await get(port, undefined, '127.0.0.2')).body).toBe('on 127.0.0.2');
      expect((await get(port, undefined, '127.0.0.1')).body).toBe('on 127.0.0.1');
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('fails to start with the configuration key, the address and the reason', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const { port } = taken.address() as AddressInfo;
    try {
      const server = new SidePortServer({ port, host: '127.0.0.1', field: 'observability.health.port', serves: 'health' }, () => undefined);
      await expect(server.listen()).rejects.toThrow(`Cannot serve health on 127.0.0.1:${port} (observability.health.port): EADDRINUSE`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('answers 500 when the handler throws, and keeps serving', async () => {
    let calls = 0;
    const server = side((_req, res) => {
      if (++calls === 1) throw new Error('boom');
      res.end('fine');
    });
    await server.listen();
    const first = await get(server.port!);
    expect(first.res.statusCode).toBe(500);
    expect((await get(server.port!)).body).toBe('fine');
  });
});
