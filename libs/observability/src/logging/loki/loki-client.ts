import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { parseRetryAfter } from './loki-backoff.js';

export type PushResult =
  | { ok: true }
  | {
      ok: false;
      /** 429, 5xx, timeouts and network errors are worth retrying; other statuses are not. */
      retryable: boolean;
      /** What to record: `HTTP 400: <first line of Loki's answer>`, `ECONNREFUSED`, `timeout`. Never headers. */
      error: string;
      retryAfterMs?: number;
      /** The TCP connection itself was refused: nothing listens, so a bare connect tells when it is back. */
      refused?: boolean;
    };

/** How the shipper reaches Loki; an interface so the shipper's logic is tested without sockets. */
export interface LokiClient {
  push(body: Buffer, signal: AbortSignal): Promise<PushResult>;
  /** Whether a TCP connection to the endpoint's port opens now. */
  probe(): Promise<boolean>;
  close(): void;
}

const ERROR_BODY_MAX = 512;

/** Pushes gzip-compressed JSON over node:http(s), with a keep-alive agent holding at most `maxSockets` sockets. */
export class HttpLokiClient implements LokiClient {
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly agent: HttpAgent;

  constructor(endpoint: string, headers: Record<string, string>, maxSockets: number) {
    this.url = new URL(endpoint);
    this.headers = { ...headers, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };
    const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  }

  push(body: Buffer, signal: AbortSignal): Promise<PushResult> {
    return new Promise<PushResult>((resolve) => {
      let settled = false;
      const settle = (result: PushResult) => {
        if (!settled) {
          settled = true;
          resolve(result);
        }
      };
      const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...this.headers, 'Content-Length': String(body.length) }, signal },
        (res) => readResponse(res, settle),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (signal.aborted) settle({ ok: false, retryable: true, error: 'timeout' });
        else settle({ ok: false, retryable: true, error: error.code ?? error.message, refused: error.code === 'ECONNREFUSED' });
      });
      req.end(body);
    });
  }

  probe(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const port = Number(this.url.port) || (this.url.protocol === 'https:' ? 443 : 80);
      const socket = connect({ host: this.url.hostname, port });
      const done = (up: boolean) => {
        socket.destroy();
        resolve(up);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function readResponse(res: IncomingMessage, settle: (result: PushResult) => void): void {
  const status = res.statusCode ?? 0;
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    if (text.length < ERROR_BODY_MAX) text += chunk;
  });
  res.on('error', () => settle({ ok: false, retryable: true, error: `HTTP ${status} (response cut)` }));
  res.on('end', () => {
    if (status >= 200 && status < 300) return settle({ ok: true });
    const detail = text.trim().split('\n')[0]?.slice(0, 200);
    const error = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
    const retryable = status === 429 || status >= 500;
    settle({ ok: false, retryable, error, retryAfterMs: retryable ? parseRetryAfter(res.headers['retry-after'], Date.now()) : undefined });
  });
}
