import 'reflect-metadata';
import Module, { createRequire } from 'node:module';
import { isWrapped } from '@opentelemetry/instrumentation';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { startTracing } from './preload.js';

type Resolver = { _resolveFilename: (request: string, ...rest: unknown[]) => string };

/**
 * The preload in a process of its own (one spec file, one process): what it costs every require() the app makes
 * afterwards. OpenTelemetry's hook resolves each call once more before Node does; the preload leaves the calls that
 * cannot reach an instrumented package to Node alone.
 */
describe('the preload and the app’s require() calls', () => {
  it('resolves a package no instrumentation patches once, as Node alone would, and still patches pg', async () => {
    const load = createRequire(import.meta.url);
    const resolver = Module as unknown as Resolver;
    const resolve = resolver._resolveFilename;
    const resolved: string[] = [];
    resolver._resolveFilename = function (request, ...rest) {
      resolved.push(request);
      return resolve.call(this, request, ...rest);
    };
    const handle = startTracing({ tracing: {}, exporter: new InMemorySpanExporter() })!;
    try {
      expect(handle.instrumentations).toContain('pg');
      resolved.length = 0;
      load('yaml');
      load('semver');
      expect(resolved.filter((request) => request === 'yaml' || request === 'semver')).toEqual(['yaml', 'semver']);
      resolved.length = 0;
      const pg = load('pg') as typeof import('pg');
      expect(isWrapped(pg.Client.prototype.query)).toBe(true);
      // pg goes through the hook, which resolves it again (and again for each of pg's own files it sees).
      expect(resolved.filter((request) => request === 'pg').length).toBeGreaterThan(1);
    } finally {
      resolver._resolveFilename = resolve;
      await handle.stop();
    }
  });
});
