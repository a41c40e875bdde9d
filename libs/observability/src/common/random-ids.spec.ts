import { describe, expect, it } from 'vitest';
import { RandomIds } from './random-ids.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RandomIds', () => {
  it('makes version 4 UUIDs, each one distinct, across several fills of random bytes', () => {
    const ids = new RandomIds();
    const made = Array.from({ length: 1_000 }, () => ids.uuid());
    for (const id of made) expect(id).toMatch(UUID_V4);
    expect(new Set(made).size).toBe(made.length);
  });

  it('returns strings that later ids do not change (the pool of random bytes is refilled and reused)', () => {
    const ids = new RandomIds();
    const first = ids.uuid();
    const copy = `${first}`.split('').join('');
    for (let i = 0; i < 300; i++) ids.uuid();
    expect(first).toBe(copy);
  });

  it('uses every hex digit in the random positions', () => {
    const ids = new RandomIds();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of ids.uuid().slice(0, 8)) seen.add(c);
    expect([...seen].sort().join('')).toBe('0123456789abcdef');
  });

  it('gives two generators (two apps) independent ids', () => {
    const a = new RandomIds();
    const b = new RandomIds();
    const fromA = new Set(Array.from({ length: 200 }, () => a.uuid()));
    for (let i = 0; i < 200; i++) expect(fromA.has(b.uuid())).toBe(false);
  });
});

describe('RandomIds: trace and span ids', () => {
  it('makes W3C trace ids (32 lower-case hex digits) and span ids (16), all distinct, across several fills', () => {
    const ids = new RandomIds();
    const traces = Array.from({ length: 1_000 }, () => ids.traceId());
    const spans = Array.from({ length: 1_000 }, () => ids.spanId());
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(traces).size).toBe(traces.length);
    expect(new Set(spans).size).toBe(spans.length);
  });

  it('uses every hex digit in every position of a trace id', () => {
    const ids = new RandomIds();
    const seen = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) [...ids.traceId()].forEach((c, at) => seen[at]!.add(c));
    for (const digits of seen) expect([...digits].sort().join('')).toBe('0123456789abcdef');
  });

  it('never hands out an all-zero id, which W3C Trace Context calls invalid', () => {
    const ids = new RandomIds();
    // The pool is filled from the CSPRNG on first use; zero it afterwards to force the case.
    ids.spanId();
    const pool = (ids as unknown as { pool: Buffer }).pool;
    pool.fill(0);
    expect(ids.traceId()).toBe('00000000000000000000000000000001');
    expect(ids.spanId()).toBe('0000000000000001');
  });
});
