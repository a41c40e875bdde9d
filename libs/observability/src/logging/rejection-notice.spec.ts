import { describe, expect, it } from 'vitest';
import { RejectionNotice } from './rejection-notice.js';

describe('RejectionNotice', () => {
  it('logs the first refusal at once, then at most one line per window with what was refused since', () => {
    let now = 1_000;
    const lines: Record<string, unknown>[] = [];
    const notice = new RejectionNotice(
      (fields) => lines.push(fields),
      60_000,
      () => now,
    );
    notice.note({ status: 431, reason: 'header_overflow' });
    now += 10_000;
    notice.note({ status: 400, reason: 'bad_request' });
    notice.note({ status: 400, reason: 'bad_request' });
    expect(lines).toHaveLength(1);
    now += 50_000;
    notice.note({ status: 431, reason: 'header_overflow' });
    expect(lines).toEqual([
      expect.objectContaining({ refused: { '431 header_overflow': 1 }, total: 1 }),
      expect.objectContaining({ refused: { '400 bad_request': 2, '431 header_overflow': 1 }, total: 3 }),
    ]);
  });
});
