import { describe, expect, it } from 'vitest';
import { EntryParser, nanos } from './loki-entry.js';

describe('EntryParser', () => {
  const fields = ['trace_id', 'span_id', 'request_id', 'user_id'];

  it('reads time and level from a pino line and the configured fields as string metadata', () => {
    const parser = new EntryParser(fields);
    const entry = parser.parse(
      '{"level":"warn","time":"2026-11-26T01:02:03.456Z","request_id":"r-1","user_id":42,"trace_id":"","other":"x"}',
      0,
    );
    expect(entry).toMatchObject({
      ms: Date.parse('2026-11-26T01:02:03.456Z'),
      seq: 0,
      level: 'warn',
      meta: { request_id: 'r-1', user_id: '42' },
    });
  });

  it('numbers lines of the same millisecond so their nanosecond timestamps keep the order', () => {
    const parser = new EntryParser(fields);
    const line = (t: number) => `{"level":30,"time":${t},"msg":"m"}`;
    const entries = [line(1_000), line(1_000), line(1_000), line(1_001)].map((l) => parser.parse(l, 0));
    expect(entries.map(nanos)).toEqual(['1000000000', '1000000001', '1000000002', '1001000000']);
    expect(entries[0]!.level).toBe('info');
    expect(entries[0]!.meta).toBeUndefined();
  });

  it('keeps a line that is not JSON, at the time it arrived, as level "unknown"', () => {
    expect(new EntryParser(fields).parse('plain text', 1_700_000_000_123)).toEqual({
      line: 'plain text',
      ms: 1_700_000_000_123,
      seq: 0,
      level: 'unknown',
      meta: undefined,
    });
  });
});
