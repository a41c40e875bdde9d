import { describe, expect, it } from 'vitest';
import { acceptOrGenerateRequestId, RandomIds } from './request-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RandomIds', () => {
  it('makes version 4 UUIDs, each one distinct, across several fills of random bytes', () => {
    const ids = new RandomIds();
    const made = Array.from({ length: 1_000 }, () => ids.uuid());
    for (const id of made) expect(id).toMatch(UUID_V4);
    expect(new Set(made).size).toBe(made.length);
  });

  it('returns strings that later ids do not change (the formatting buffer is reused)', () => {
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

describe('acceptOrGenerateRequestId', () => {
  const ids = new RandomIds();

  it('keeps a short id made of safe characters', () => {
    expect(acceptOrGenerateRequestId('req-42:a@b.c_d', 128, ids)).toBe('req-42:a@b.c_d');
  });

  it('replaces a missing, too long or unsafe id with a UUID', () => {
    for (const incoming of [undefined, '', 'x'.repeat(129), 'a b', 'a\nb', ['a']]) {
      expect(acceptOrGenerateRequestId(incoming, 128, ids)).toMatch(UUID_V4);
    }
  });
});
