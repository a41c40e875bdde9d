import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpEgress } from './http-egress.js';

const run = promisify(execFile);

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

async function receiver(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest?x=1` };
}

describe('HttpEgress', () => {
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  function egress(): HttpEgress {
    const e = new HttpEgress();
    closing.push(() => e.close());
    return e;
  }

  async function serve(handler: Handler): Promise<string> {
    const { server, url } = await receiver(handler);
    closing.push(() => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    });
    return url;
  }

  it('POSTs the body with its headers from a worker thread, never from this one, and reports the status', async () => {
    const seen: { method?: string; url?: string; type?: string; auth?: string; body: string }[] = [];
    const url = await serve((req, res, body) => {
      seen.push({
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        auth: req.headers.authorization,
        body: body.toString(),
      });
      res.writeHead(202).end('ok');
    });
    // Both of Node's HTTP clients announce each request they make here: neither may make one in this thread.
    const inThisThread: string[] = [];
    const onUndici = () => inThisThread.push('fetch');
    const onHttp = () => inThisThread.push('http');
    subscribe('undici:request:create', onUndici);
    subscribe('http.client.request.start', onHttp);
    try {
      const whole = Buffer.from('xxprofile-bytesxx');
      const headers = { 'content-type': 'application/octet-stream', authorization: 'Bearer t' };
      const result = await egress().post({ url, body: whole.subarray(2, 15), headers, timeoutMs: 5_000 });
      expect(result).toEqual({ status: 202 });
    } finally {
      unsubscribe('undici:request:create', onUndici);
      unsubscribe('http.client.request.start', onHttp);
    }
    expect(seen).toEqual([
      { method: 'POST', url: '/ingest?x=1', type: 'application/octet-stream', auth: 'Bearer t', body: 'profile-bytes' },
    ]);
    expect(inThisThread).toEqual([]);
  });

  it('reports a refused connection by its code, a silent receiver as a timeout, and an abort at once', async () => {
    const e = egress();
    const { server, url: refusedUrl } = await receiver(() => undefined);
    await new Promise((r) => server.close(r));
    expect(await e.post({ url: refusedUrl, body: Buffer.from('a'), headers: {}, timeoutMs: 5_000 })).toEqual({
      failure: 'unreachable',
      detail: 'ECONNREFUSED',
    });

    const hanging = await serve(() => undefined);
    expect(await e.post({ url: hanging, body: Buffer.from('a'), headers: {}, timeoutMs: 200 })).toEqual({
      failure: 'timeout',
      detail: 'no answer within 200ms',
    });

    const abort = new AbortController();
    const pending = e.post({ url: hanging, body: Buffer.from('a'), headers: {}, timeoutMs: 60_000 }, abort.signal);
    abort.abort();
    expect(await pending).toEqual({ failure: 'aborted', detail: 'aborted' });
  });

  it('fails what is in flight when closed, and works again afterwards', async () => {
    const e = egress();
    const hanging = await serve(() => undefined);
    const pending = e.post({ url: hanging, body: Buffer.from('a'), headers: {}, timeoutMs: 60_000 });
    await e.close();
    expect(await pending).toEqual({ failure: 'aborted', detail: 'aborted' });
    const answering = await serve((_req, res) => res.writeHead(200).end());
    expect(await e.post({ url: answering, body: Buffer.from('b'), headers: {}, timeoutMs: 5_000 })).toEqual({ status: 200 });
  });

  it('starts its worker without the app’s preloads (a tracing preload must not start a second SDK there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-preload-'));
    closing.push(async () => rmSync(dir, { recursive: true, force: true }));
    const preload = join(dir, 'preload.mjs');
    writeFileSync(
      preload,
      "import { isMainThread } from 'node:worker_threads';\nprocess.stdout.write(isMainThread ? 'preload:main\\n' : 'preload:worker\\n');\n",
    );
    const main = join(dir, 'main.mjs');
    const egressModule = pathToFileURL(fileURLToPath(new URL('./http-egress.ts', import.meta.url))).href;
    writeFileSync(
      main,
      `const { HttpEgress } = await import(${JSON.stringify(egressModule)});\n` +
        'const e = new HttpEgress();\n' +
        "const r = await e.post({ url: 'http://127.0.0.1:9/x', body: new Uint8Array(1), headers: {}, timeoutMs: 2000 });\n" +
        'process.stdout.write(`posted:${r.failure ?? r.status}\\n`);\nawait e.close();\n',
    );
    const { stdout } = await run(process.execPath, ['--import', preload, main]);
    // The preload ran in the app's thread, the worker did answer, and the preload never ran in the worker.
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['posted:unreachable', 'preload:main']);
  });
});
