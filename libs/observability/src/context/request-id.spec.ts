import { describe, expect, it } from 'vitest';
import { RandomIds } from '../common/index.js';
import { acceptOrGenerateRequestId } from './request-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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
