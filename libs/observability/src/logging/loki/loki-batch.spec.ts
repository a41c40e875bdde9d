import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from './loki-batch.js';
import type { LokiEntry } from './loki-entry.js';

const entry = (ms: number, seq: number, level: string, meta?: Record<string, string>): LokiEntry => ({
  line: `{"t":${ms},"s":${seq}}`,
  ms,
  seq,
  level,
  meta,
});

describe('encodeBatch', () => {
  it('groups entries into one stream per level, sorted by timestamp, gzip-compressed JSON', () => {
    const batch = encodeBatch(
      [entry(5, 0, 'info', { request_id: 'b' }), entry(3, 1, 'error'), entry(3, 0, 'info', { request_id: 'a' }), entry(3, 2, 'info')],
      {
        labels: { service: 'svc', environment: 'prod' },
        levelLabel: true,
      },
    );
    expect(batch.entries).toBe(4);
    expect(JSON.parse(gunzipSync(batch.body).toString())).toEqual({
      streams: [
        {
          stream: { service: 'svc', environment: 'prod', level: 'info' },
          values: [
            ['3000000', '{"t":3,"s":0}', { request_id: 'a' }],
            ['3000002', '{"t":3,"s":2}'],
            ['5000000', '{"t":5,"s":0}', { request_id: 'b' }],
          ],
        },
        { stream: { service: 'svc', environment: 'prod', level: 'error' }, values: [['3000001', '{"t":3,"s":1}']] },
      ],
    });
  });

  it('puts everything in one stream of the static labels when level_label is off', () => {
    const batch = encodeBatch([entry(1, 0, 'info'), entry(2, 0, 'error')], { labels: { service: 'svc' }, levelLabel: false });
    const body = JSON.parse(gunzipSync(batch.body).toString()) as { streams: { stream: unknown; values: unknown[] }[] };
    expect(body.streams).toHaveLength(1);
    expect(body.streams[0]!.stream).toEqual({ service: 'svc' });
    expect(body.streams[0]!.values).toHaveLength(2);
  });
});
