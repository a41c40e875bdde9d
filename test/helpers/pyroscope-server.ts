import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

/** One profile Pyroscope ingested: the query parameters and the decoded pprof. */
export interface IngestedProfile {
  at: number;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  profile: Profile;
}

/** Extracts the `profile` part of a multipart/form-data body (how older Pyroscope SDKs send it). */
function multipartProfile(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  for (let start = body.indexOf(marker); start >= 0;) {
    const next = body.indexOf(marker, start + marker.length);
    if (next < 0) break;
    const part = body.subarray(start + marker.length, next);
    const split = part.indexOf('\r\n\r\n');
    if (/name="profile"/.test(part.subarray(0, split).toString())) return part.subarray(split + 4, part.length - 2);
    start = next;
  }
  return undefined;
}

/**
 * Pyroscope's ingest API (`POST /ingest?name=app{tags}&from&until&format=pprof&spyName&sampleRate`), the body a
 * gzipped pprof profile sent raw (as @pyroscope/nodejs 0.6 does) or as the `profile` part of a multipart form. A body
 * that is not a decodable profile gets the 400 Pyroscope answers and is recorded in `protocolErrors`.
 * Switchable between up and hanging (requests read, never answered).
 */
export class FakePyroscope {
  readonly ingested: IngestedProfile[] = [];
  readonly protocolErrors: string[] = [];
  mode: 'up' | 'hang' = 'up';
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();

  /** Requests held without an answer (hanging mode). */
  get pending(): number {
    return this.hung.size;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.mode === 'hang') {
        this.hung.add(res);
        return;
      }
      const url = new URL(req.url ?? '/', 'http://pyroscope');
      if (req.method !== 'POST' || url.pathname !== '/ingest') return void res.writeHead(404).end();
      const params = Object.fromEntries(url.searchParams);
      try {
        if (!params['name'] || params['format'] !== 'pprof') throw new Error(`bad query ${url.search}`);
        const body = Buffer.concat(chunks);
        const type = req.headers['content-type'] ?? '';
        const raw = type.startsWith('multipart/form-data') ? multipartProfile(body, type) : body;
        if (!raw) throw new Error('multipart body without a profile part');
        this.ingested.push({ at: Date.now(), params, headers: req.headers, profile: Profile.decode(gunzipSync(raw)) });
        res.writeHead(200).end();
      } catch (error) {
        this.protocolErrors.push((error as Error).message);
        res.writeHead(400).end((error as Error).message);
      }
    });
  }
}
