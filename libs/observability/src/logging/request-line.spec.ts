import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogWriter } from './log-writer.js';
import { Redactor } from './redactor.js';
import { RequestLineWriter, type RequestLine } from './request-line.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'obs-request-line-')), 'app.log');

/** Characters a request can bring: quotes, escapes, controls, accents, an emoji, lone surrogates, separators. */
const ALPHABET = [
  'a',
  'Z',
  '0',
  '/',
  '?',
  '&',
  '=',
  '%',
  ' ',
  '"',
  '\\',
  '\n',
  '\u0001',
  '\u007f',
  'é',
  '€',
  '😀',
  '\ud800',
  '\udc00',
  ':',
];

/** A seeded generator, so a failure names the line that broke and reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

function text(next: () => number, max: number): string {
  let out = '';
  const length = Math.floor(next() * max);
  for (let i = 0; i < length; i++) out += pick(next, ALPHABET);
  return out;
}

function randomLine(next: () => number): RequestLine {
  const durations = [0, 0.001, 0.5, 1.05, 12.345, 999.999, 2_147_483.647, 2_147_483.648, 86_400_000.125, Number.NaN, -0];
  return {
    level: pick(next, ['info', 'warn', 'error'] as const),
    requestId: next() < 0.8 ? '3f1c2a8e-5b7d-4e21-9c0a-6d4f8b2e1a90' : text(next, 40),
    userId: next() < 0.5 ? undefined : text(next, 20),
    traceId: next() < 0.3 ? undefined : next() < 0.9 ? '4bf92f3577b34da6a3ce929d0e0e4736' : '',
    spanId: next() < 0.3 ? undefined : '00f067aa0ba902b7',
    method: next() < 0.9 ? 'GET' : undefined,
    url: next() < 0.1 ? undefined : `/api/items/${text(next, 60)}`,
    route: next() < 0.5 ? '/api/items/:id' : text(next, 10),
    userAgent: next() < 0.2 ? undefined : next() < 0.7 ? 'wrk/4.2' : text(next, 80),
    status: next() < 0.9 ? pick(next, [200, 201, 404, 500, 503]) : Math.floor(next() * 1000),
    durationMs: next() < 0.7 ? Math.round(next() * 1e7) / 1e3 : pick(next, durations),
    aborted: next() < 0.1,
  };
}

describe('RequestLineWriter', () => {
  beforeEach(() => {
    // One clock reading for both ways of writing a line, so their bytes can be compared.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-28T13:17:49.123Z') });
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['64 KiB chunks', 64 * 1024],
    ['2 KiB chunks: a line that may not fit one goes as a string', 2048],
  ])('encodes into the log writer the exact bytes it would serialise (%s)', async (_name, chunkBytes) => {
    const file = tempFile();
    const out = new LogWriter({ output: file, chunkBytes });
    const lines = new RequestLineWriter(new Redactor([], 200));
    const next = random(42);
    let expected = '';
    for (let i = 0; i < 3000; i++) {
      const line = randomLine(next);
      expected += lines.serialize(line);
      lines.write(out, line);
      // Lines written as strings (pino's) between encoded ones keep their place.
      if (i % 97 === 0) {
        out.write(`{"seq":${i}}\n`);
        expected += `{"seq":${i}}\n`;
      }
    }
    await out.flush();
    const written = readFileSync(file, 'utf8');
    expect(written.length).toBe(expected.length);
    const lineOf = (s: string) => s.split('\n');
    const [got, want] = [lineOf(written), lineOf(expected)];
    for (let i = 0; i < want.length; i++) expect(got[i], `line ${i}`).toBe(want[i]);
    expect(Buffer.compare(readFileSync(file), Buffer.from(expected))).toBe(0);
    expect(out.dropped).toBe(0);
  });

  it('writes lines as JSON a reader parses back to what the request was', async () => {
    const file = tempFile();
    const out = new LogWriter({ output: file });
    const lines = new RequestLineWriter(new Redactor([], 200));
    lines.write(out, {
      level: 'warn',
      requestId: 'req-1',
      userId: 'ana "the admin"',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      method: 'POST',
      url: '/api/chat?q=café&token=s3cr3t',
      route: '/api/chat',
      userAgent: 'curl/8.5.0',
      status: 429,
      durationMs: 12.05,
      aborted: true,
    });
    await out.flush();
    const line = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(line).toEqual({
      level: 'warn',
      time: '2026-11-28T13:17:49.123Z',
      pid: process.pid,
      hostname: expect.any(String),
      request_id: 'req-1',
      user_id: 'ana "the admin"',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      req: { method: 'POST', route: '/api/chat', url: '/api/chat?q=café&token=[REDACTED]', user_agent: 'curl/8.5.0' },
      res: { status_code: 429 },
      duration_ms: 12.05,
      aborted: true,
      msg: 'request completed',
    });
  });

  it('counts a line as dropped, as any other, once the destination has failed', async () => {
    const out = new LogWriter({ output: join(tempFile(), 'missing-dir', 'app.log') });
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await vi.waitUntil(() => out.failed, { timeout: 5_000 });
    const lines = new RequestLineWriter(new Redactor([], 200));
    lines.write(out, randomLine(random(7)));
    expect(out.dropped).toBe(1);
    expect(warning).toHaveBeenCalledOnce();
  });
});
