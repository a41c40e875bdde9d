import { describe, expect, it } from 'vitest';
import { resolveSection } from '../../config/index.js';
import { enabledInstrumentations } from './instrumentations.js';

const enabled = (instrumentations: Record<string, boolean> = {}): string[] =>
  enabledInstrumentations(resolveSection('tracing', { instrumentations }));

// This repository installs pg (a devDependency) and none of mysql2, mongodb, ioredis, redis.
describe('enabledInstrumentations', () => {
  it('loads a database instrumentation on by default only when its client is installed', () => {
    expect(enabled()).toEqual(['http', 'undici', 'pg']);
  });

  it('loads one turned on by name whether or not its client is installed, and leaves out one turned off', () => {
    expect(enabled({ mysql2: true, redis: true, pg: false, express: true })).toEqual(['http', 'undici', 'mysql2', 'redis', 'express']);
  });
});
