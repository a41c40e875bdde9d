import { describe, expect, it } from 'vitest';
import { asyncContextFrameActive } from './profiler-engine.js';

describe('asyncContextFrameActive', () => {
  it('is on from Node 24 unless turned off, and on Node 22 only with the experimental flag', () => {
    expect(asyncContextFrameActive('24.21.0', [])).toBe(true);
    expect(asyncContextFrameActive('24.21.0', ['--no-async-context-frame'])).toBe(false);
    expect(asyncContextFrameActive('22.12.0', [])).toBe(false);
    expect(asyncContextFrameActive('22.12.0', ['--experimental-async-context-frame'])).toBe(true);
  });
});
