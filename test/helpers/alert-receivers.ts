import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Polls `check` until it returns a value other than undefined/false; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface ReceivedRequest {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A local HTTP receiver on loopback that records every request. `answer` decides the response; by default 200.
 * Scripted answers (`script`) are used first, one per request.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  script: Array<(res: ServerResponse) => void> = [];
  url = '';
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({
        at: Date.now(),
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const next = this.script.shift();
      if (next) next(res);
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });

  static async start(): Promise<HttpReceiver> {
    const receiver = new HttpReceiver();
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A local SMTP server (STARTTLS with smtp-server's built-in localhost certificate, login required) parsing every message. */
export class SmtpReceiver {
  readonly messages: ParsedMail[] = [];
  readonly logins: string[] = [];
  /** Whether each session was upgraded to TLS before the message. */
  readonly secured: boolean[] = [];
  port = 0;
  private readonly server: SMTPServer;

  private constructor(credentials: { user: string; pass: string }, secure: boolean) {
    this.server = new SMTPServer({
      logger: false,
      secure,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, callback) => {
        if (auth.username === credentials.user && auth.password === credentials.pass) {
          this.logins.push(auth.username ?? '');
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        }
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.messages.push(mail);
            this.secured.push(session.secure);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
  }

  /** `secure`: TLS from the first byte (as on port 465) instead of STARTTLS. */
  static async start(credentials: { user: string; pass: string }, secure = false): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver(credentials, secure);
    await new Promise<void>((resolve, reject) => {
      receiver.server.once('error', reject);
      receiver.server.listen(0, '127.0.0.1', () => resolve());
    });
    receiver.port = (receiver.server.server.address() as AddressInfo).port;
    return receiver;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A real Alertmanager (Debian's prometheus-alertmanager) on loopback with its own config and storage, no clustering. */
export class AlertmanagerServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly output: () => string,
  ) {}

  static async start(configYaml: string, port: number): Promise<AlertmanagerServer> {
    const dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
    writeFileSync(join(dir, 'alertmanager.yml'), configYaml);
    const child = spawn(
      'prometheus-alertmanager',
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const server = new AlertmanagerServer(child, dir, `http://127.0.0.1:${port}`, () => log);
    await server.until(async () => (await fetch(`${server.url}/-/ready`)).ok, 20_000, 'Alertmanager to be ready');
    return server;
  }

  async alerts<T>(query = ''): Promise<T[]> {
    const res = await fetch(`${this.url}/api/v2/alerts${query}`);
    if (!res.ok) throw new Error(`Alertmanager /api/v2/alerts answered ${res.status}`);
    return (await res.json()) as T[];
  }

  async until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    await waitFor(
      async () => {
        if (this.child.exitCode !== null) throw new Error(`Alertmanager exited (${this.child.exitCode}):\n${this.output()}`);
        return check();
      },
      timeoutMs,
      what,
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await once(this.child, 'exit');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
