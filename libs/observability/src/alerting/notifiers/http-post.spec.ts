import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedPort } from '../../../../../test/helpers/ports.js';
import { postJson } from './http-post.js';
import { NotifyError } from './notifier.interface.js';
import { SlackNotifier } from './slack-notifier.js';
import { notificationOf, errorRateAlert } from '../../../../../test/helpers/alert-fixtures.js';

const SECRET_PATH = '/services/T000/B000/s3cr3tT0ken';

describe('postJson', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let answer: (res: ServerResponse) => void = (res) => res.end('ok');

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function failure(url: string, signal = new AbortController().signal): Promise<NotifyError> {
    const error = await postJson({ channel: 'slack', url: new URL(url), body: { a: 1 }, signal }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotifyError);
    return error as NotifyError;
  }

  it('posts JSON and resolves on 2xx; user info becomes Basic authorization', async () => {
    answer = (res) => res.writeHead(202).end();
    const url = new URL(`${base}/hook?x=1`);
    url.username = 'ops';
    url.password = 'pa:ss';
    await postJson({
      channel: 'webhook',
      url,
      body: { hello: 'world' },
      signal: new AbortController().signal,
      headers: { 'x-team': 'sre' },
    });
    const last = seen.at(-1)!;
    expect(last.url).toBe('/hook?x=1');
    expect(last.body).toBe('{"hello":"world"}');
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-team']).toBe('sre');
    expect(last.headers.authorization).toBe(`Basic ${Buffer.from('ops:pa:ss').toString('base64')}`);
  });

  it('names channel, origin and status — never the path, query or credentials', async () => {
    answer = (res) => res.writeHead(404).end(`no route for ${SECRET_PATH}`);
    const error = await failure(`http://user:hunter2@127.0.0.1:${new URL(base).port}${SECRET_PATH}?token=abc`);
    expect(error.message).toBe(`slack: ${base} answered 404`);
    expect(error.retryable).toBe(false);
  });

  it('reads Retry-After on 429 and treats 5xx as retryable', async () => {
    answer = (res) => res.writeHead(429, { 'retry-after': '3' }).end('rate_limited');
    const limited = await failure(`${base}${SECRET_PATH}`);
    expect([limited.message, limited.retryable, limited.retryAfterMs]).toEqual([`slack: ${base} answered 429`, true, 3_000]);
    answer = (res) => res.writeHead(503).end();
    const unavailable = await failure(`${base}/x`);
    expect([unavailable.retryable, unavailable.retryAfterMs]).toEqual([true, undefined]);
  });

  it('does not follow redirects', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://example.invalid/steal' }).end();
    const error = await failure(`${base}/x`);
    expect([error.message, error.retryable]).toEqual([`slack: ${base} answered 302`, false]);
  });

  it('reports an unreachable receiver by error code', async () => {
    // Refused for as long as it is held (a port found free could be listened on by another process meanwhile).
    const refused = await refusedPort();
    try {
      const error = await failure(`http://127.0.0.1:${refused.port}${SECRET_PATH}`);
      expect([error.message, error.retryable]).toEqual([`slack: http://127.0.0.1:${refused.port} unreachable (ECONNREFUSED)`, true]);
    } finally {
      await refused.close();
    }
  });

  it('reports an aborted request as unanswered', async () => {
    answer = () => undefined; // never answers
    const controller = new AbortController();
    const pending = failure(`${base}/slow`, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect([error.message, error.retryable]).toEqual([`slack: ${base} did not answer in time`, true]);
  });

  it("adds Slack's error code, which is not a secret, and nothing else of the body", async () => {
    answer = (res) => res.writeHead(400).end('invalid_payload');
    const slack = new SlackNotifier({ webhookUrl: `${base}${SECRET_PATH}` });
    const error = await slack
      .send(notificationOf([errorRateAlert()], 'slack'), new AbortController().signal)
      .catch((e: unknown) => e as NotifyError);
    expect(error).toMatchObject({ message: `slack: ${base} answered 400 (invalid_payload)`, retryable: false });
  });

  it('refuses a malformed URL without quoting it', () => {
    expect(() => new SlackNotifier({ webhookUrl: 'hooks.slack.com/services/T000/B000/s3cr3tT0ken' })).toThrow(
      'alert notifier "slack": the URL is not an absolute http:// or https:// URL',
    );
  });
});
