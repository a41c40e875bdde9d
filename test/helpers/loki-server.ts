import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

// Self-contained and type-strippable (no relative imports, no parameter properties): the benchmarks in bench/
// import this file directly with Node's TypeScript support.

/** How the fake Loki behaves from now on; a `status` mode with `times` answers that many requests so, then is up. */
export type LokiMode =
  | { kind: 'up' }
  | { kind: 'refuse' }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; times?: number };

export interface ReceivedEntry {
  stream: Record<string, string>;
  ts: string;
  line: string;
  meta: Record<string, string> | undefined;
}

export interface ReceivedPush {
  at: number;
  headers: IncomingMessage['headers'];
  streams: { stream: Record<string, string>; values: ([string, string] | [string, string, Record<string, string>])[] }[];
  entries: number;
}

/** A request the server answered with something other than 204, or never answered. */
export interface RefusedPush {
  at: number;
  status: number | 'hang';
  entries: number;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Loki's push endpoint (`POST /loki/api/v1/push`, JSON, gzip or not), strict the way Loki is: a body it could not
 * ingest gets a 400 and is recorded in `protocolErrors`. Switchable between up, refusing connections (the port
 * closed), hanging (requests read, never answered), and any status with an optional Retry-After.
 */
export class FakeLoki {
  readonly pushes: ReceivedPush[] = [];
  readonly failures: RefusedPush[] = [];
  readonly protocolErrors: string[] = [];
  /** Requests open right now, and the most ever open at once. */
  open = 0;
  maxOpen = 0;
  private mode: LokiMode = { kind: 'up' };
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private port = 0;
  private readonly decode: boolean;

  /** `decode: false` (benchmarks) answers 204 without decompressing or checking: it only counts requests and bytes. */
  constructor(options: { decode?: boolean } = {}) {
    this.decode = options.decode ?? true;
  }

  /** Accepted requests and their compressed bytes (counted in both modes). */
  accepted = 0;
  acceptedBytes = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/loki/api/v1/push`;
  }

  /** Every entry received, in arrival order. */
  get entries(): ReceivedEntry[] {
    return this.pushes.flatMap((p) => p.streams.flatMap((s) => s.values.map(([ts, line, meta]) => ({ stream: s.stream, ts, line, meta }))));
  }

  get received(): number {
    return this.pushes.reduce((n, p) => n + p.entries, 0);
  }

  async start(port = 0): Promise<this> {
    await this.listen(port);
    return this;
  }

  async setMode(mode: LokiMode): Promise<void> {
    const wasRefusing = this.mode.kind === 'refuse';
    this.mode = mode;
    if (mode.kind === 'refuse' && !wasRefusing) await this.unlisten();
    if (mode.kind !== 'refuse' && wasRefusing) await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.mode = { kind: 'refuse' };
    await this.unlisten();
  }

  private listen(port: number): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      // A connection the kernel accepted just before the port closed, seen only now by a busy event loop.
      if (this.mode.kind === 'refuse') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async unlisten(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    res.on('close', () => this.open--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const mode = this.mode;
      // Nothing is answered while the port is closed, not even on a connection that was open before.
      if (mode.kind === 'refuse') {
        req.socket.destroy();
        return;
      }
      if (mode.kind === 'hang') {
        this.failures.push({ at, status: 'hang', entries: countEntries(chunks, req) });
        this.hung.add(res);
        return;
      }
      if (mode.kind === 'status') {
        if (mode.times !== undefined && --mode.times <= 0) this.mode = { kind: 'up' };
        this.failures.push({ at, status: mode.status, entries: countEntries(chunks, req) });
        const headers: Record<string, string> = mode.retryAfter ? { 'Retry-After': mode.retryAfter } : {};
        res.writeHead(mode.status, headers).end(mode.body ?? `fake loki: ${mode.status}\n`);
        return;
      }
      if (req.method !== 'POST' || req.url !== '/loki/api/v1/push') {
        res.writeHead(404).end('404 page not found\n');
        return;
      }
      if (!this.decode) {
        this.accepted++;
        this.acceptedBytes += chunks.reduce((n, c) => n + c.length, 0);
        res.writeHead(204).end();
        return;
      }
      const decoded = decodePush(Buffer.concat(chunks), req.headers);
      if (typeof decoded === 'string') {
        this.protocolErrors.push(decoded);
        res.writeHead(400).end(`${decoded}\n`);
        return;
      }
      this.accepted++;
      this.acceptedBytes += chunks.reduce((n, c) => n + c.length, 0);
      this.pushes.push({ at, headers: req.headers, streams: decoded, entries: decoded.reduce((n, s) => n + s.values.length, 0) });
      res.writeHead(204).end();
    });
  }
}

function countEntries(chunks: Buffer[], req: IncomingMessage): number {
  const decoded = decodePush(Buffer.concat(chunks), req.headers);
  return typeof decoded === 'string' ? 0 : decoded.reduce((n, s) => n + s.values.length, 0);
}

/** What Loki's JSON push handler accepts; a string is the reason it would answer 400. */
export function decodePush(raw: Buffer, headers: IncomingMessage['headers']): ReceivedPush['streams'] | string {
  if (!String(headers['content-type'] ?? '').startsWith('application/json'))
    return `unsupported Content-Type ${String(headers['content-type'])}`;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'gzip') return `unsupported Content-Encoding ${encoding}`;
  let text: string;
  try {
    text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
  } catch (error) {
    return `gzip: ${(error as Error).message}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return `json: ${(error as Error).message}`;
  }
  const streams = (body as { streams?: unknown }).streams;
  if (!Array.isArray(streams)) return 'streams: not an array';
  for (const s of streams as { stream?: unknown; values?: unknown }[]) {
    const labels = s.stream;
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return 'stream: not an object';
    const names = Object.keys(labels);
    if (names.length === 0 || names.length > 15) return `stream: ${names.length} labels (1 to 15 allowed)`;
    for (const [name, value] of Object.entries(labels)) {
      if (!LABEL_NAME.test(name) || name.length > 1024) return `invalid label name ${name}`;
      if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return `invalid value for label ${name}`;
    }
    if (!Array.isArray(s.values) || s.values.length === 0) return 'values: not a non-empty array';
    for (const v of s.values as unknown[]) {
      if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3)) return 'value: not [ts, line] or [ts, line, metadata]';
      if (typeof v[0] !== 'string' || !/^\d{1,19}$/.test(v[0])) return `timestamp ${JSON.stringify(v[0])} is not a nanosecond string`;
      if (typeof v[1] !== 'string') return 'line: not a string';
      if (v.length === 3) {
        const meta = v[2] as unknown;
        if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return 'structured metadata: not an object';
        if (!Object.values(meta).every((m) => typeof m === 'string')) return 'structured metadata: non-string value';
      }
    }
  }
  return streams as ReceivedPush['streams'];
}
