import { describe, expect, it } from 'vitest';
import { ProfileStore } from './profile-store.js';

const profile = (kind: 'cpu' | 'heap', size: number) => ({
  kind,
  data: Buffer.alloc(size),
  started_at: '2026-01-01T00:00:00.000Z',
  duration_ms: 10,
  trigger: 'schedule' as const,
});

describe('ProfileStore', () => {
  it('keeps the last N of each kind, newest first', () => {
    const store = new ProfileStore(2, 1_000);
    for (let i = 0; i < 3; i++) store.add(profile('cpu', 10));
    store.add(profile('heap', 10));
    expect(store.list().map((p) => p.id)).toEqual(['heap-4', 'cpu-3', 'cpu-2']);
    expect(store.get('cpu-1')).toBeUndefined();
    expect(store.totalBytes).toBe(30);
  });

  it('drops the oldest of any kind past the byte budget, and refuses one profile larger than it', () => {
    const store = new ProfileStore(10, 100);
    store.add(profile('heap', 40));
    store.add(profile('cpu', 40));
    store.add(profile('cpu', 40));
    expect(store.list().map((p) => p.id)).toEqual(['cpu-3', 'cpu-2']);
    expect(store.add(profile('cpu', 101))).toBeUndefined();
    expect(store.totalBytes).toBe(80);
  });
});
