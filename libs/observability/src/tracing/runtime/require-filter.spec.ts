import Module, { createRequire } from 'node:module';
import { sep } from 'node:path';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { isWrapped, registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { Hook } from 'require-in-the-middle';
import { describe, expect, it } from 'vitest';
import { mayReach, patchedPackages, registerNarrowly } from './require-filter.js';

const patched = new Set(['http', 'https', 'pg', 'pg-pool', '@redis/client']);
const app = '/srv/app/dist/orders.service.js';
const inPg = '/srv/app/node_modules/pg/lib/index.js';
const inExpress = '/srv/app/node_modules/express/lib/express.js';

describe('mayReach: whether a require() can load a patched package', () => {
  it.each([
    ['pg', app, true],
    ['pg/lib/client.js', app, true],
    ['pg-pool', inPg, true],
    ['@redis/client', app, true],
    ['@redis/client/dist/lib/client/index.js', app, true],
    ['http', app, true],
    ['node:https', app, true],
    ['node:fs', app, true],
    ['./client', inPg, true],
    ['../package.json', inPg, true],
    ['../../pg', inExpress, true],
    ['../pg', inExpress, false],
    ['#native', inPg, true],
    ['/srv/app/node_modules/pg/lib/client.js', app, true],
    ['/srv/app/node_modules/.pnpm/pg@8.16.0/node_modules/pg/lib/client.js', app, true],
    ['./relative', undefined, true],
    ['express', app, false],
    ['pgx', app, false],
    ['@redis/json', app, false],
    ['@nestjs/core', app, false],
    ['./orders.module', app, false],
    ['../config/app.json', app, false],
    ['./router', inExpress, false],
    ['#internal', inExpress, false],
    ['#internal', app, false],
    ['/srv/app/node_modules/express/index.js', app, false],
    ['/srv/app/dist/main.js', undefined, false],
  ])('require(%j) from %s: %s', (id, from, expected) => {
    expect(mayReach(id, from, patched)).toBe(expected);
  });
});

describe('patchedPackages', () => {
  it('are the packages the instrumentations define, by package name', () => {
    const packages = patchedPackages([new HttpInstrumentation(), new UndiciInstrumentation(), new PgInstrumentation()]);
    expect([...packages!].sort()).toEqual(['http', 'https', 'pg', 'pg-pool']);
  });

  it('are unknown when an instrumentation does not say, or names a file by its path', () => {
    const silent = { instrumentationName: 'custom' } as unknown as Instrumentation;
    const byPath = { getModuleDefinitions: () => [{ name: '/srv/app/dist/handler.js' }] } as unknown as Instrumentation;
    expect(patchedPackages([new PgInstrumentation(), silent])).toBeUndefined();
    expect(patchedPackages([byPath])).toBeUndefined();
  });
});

describe('registerNarrowly with the pg instrumentation', () => {
  it('patches pg through the hook, and sends other packages past every require hook installed since it began', () => {
    const prototype = Module.prototype as unknown as { require: (this: NodeJS.Module, id: string) => unknown };
    const original = prototype.require;
    const load = createRequire(import.meta.url);
    expect(Object.keys(load.cache).some((file) => file.includes('/node_modules/pg/'))).toBe(false);
    // A require hook of the same library OpenTelemetry uses, installed first: it sees what reaches the hooks.
    const seen: string[] = [];
    let spy: Hook | undefined;
    const { instrumentations, unregister } = registerNarrowly(
      () => {
        spy = new Hook(null, { internals: true }, (exports, name) => {
          seen.push(name);
          return exports;
        });
        // OpenTelemetry installs its own hook here, as the instrumentation is constructed.
        return [new PgInstrumentation()];
      },
      (list) => registerInstrumentations({ instrumentations: list, tracerProvider: new TracerProvider() }),
    );
    try {
      expect(instrumentations).toHaveLength(1);
      const pg = load('pg') as typeof import('pg');
      expect(isWrapped(pg.Client.prototype.query)).toBe(true);
      load('yaml');
      load('semver');
      expect(seen).toContain('pg');
      // pg's own files, loaded by relative paths, and the patched package it uses, reach the hooks.
      expect(seen.some((name) => name.startsWith(`pg${sep}lib${sep}`))).toBe(true);
      expect(seen).toContain('pg-pool');
      // Packages outside reach none of them: not the spy, not OpenTelemetry's.
      expect(seen.filter((name) => /^(yaml|semver|pg-types|pg-protocol)\b/.test(name))).toEqual([]);
    } finally {
      unregister();
      spy?.unhook();
      prototype.require = original;
    }
  });
});
