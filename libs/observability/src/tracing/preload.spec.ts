import 'reflect-metadata';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PRELOAD_CONFIG_FILE, preloadConfigFile } from './preload.js';

describe('the configuration file the preload reads', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is OBSERVABILITY_CONFIG when set, as the app itself reads it', () => {
    expect(preloadConfigFile({ OBSERVABILITY_CONFIG: '/etc/app/observability.yaml' })).toBe('/etc/app/observability.yaml');
  });

  it('else config/observability.yaml under the working directory, when it exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preload-'));
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    expect(preloadConfigFile({})).toBeUndefined();
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, DEFAULT_PRELOAD_CONFIG_FILE), 'observability: {}\n');
    expect(preloadConfigFile({})).toBe(DEFAULT_PRELOAD_CONFIG_FILE);
  });
});
