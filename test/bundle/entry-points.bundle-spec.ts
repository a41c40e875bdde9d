import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs on the bundle only (vitest.bundle.config.ts, after `npm run build`): the order its chunks run in is the
// bundler's, and on a Node.js older than engines the version check must still be what stops the app, in one line.
const bundle = (entry: string) => fileURLToPath(new URL(`../../libs/observability/dist/bundle/${entry}.js`, import.meta.url));

// Preloaded: the process says it is an old Node.
const oldNode = join(mkdtempSync(join(tmpdir(), 'obs-bundle-')), 'old-node.mjs');
writeFileSync(oldNode, "Object.defineProperty(process.versions, 'node', { value: '20.19.0' });\n");

function load(how: 'import' | 'require', entry: string, preload: string[] = ['--import', oldNode]) {
  const code =
    how === 'import'
      ? ['--input-type=module', '-e', `await import(${JSON.stringify(bundle(entry))})`]
      : ['-e', `require(${JSON.stringify(bundle(entry))})`];
  return spawnSync(process.execPath, [...preload, ...code], { encoding: 'utf8' });
}

describe('the bundle under test', () => {
  it("is what `nestjs-observability` resolves to here, loaded by Node's own loader (not compiled by the test runner)", async () => {
    // require() of the ES module: Node's own loader, which the test runner does not go through.
    const native = createRequire(import.meta.url)(bundle('index')) as Record<string, unknown>;
    const aliased = (await import('nestjs-observability')) as Record<string, unknown>;
    expect(aliased['ObservabilityModule']).toBeDefined();
    expect(aliased['ObservabilityModule']).toBe(native['ObservabilityModule']);
  });
});

describe('the bundle on a Node.js older than engines', () => {
  for (const entry of ['index', 'register', 'prometheus']) {
    for (const how of ['import', 'require'] as const) {
      it(`${entry}, loaded by ${how}: stops with the one line that says why`, () => {
        const { status, stderr } = load(how, entry);
        expect(status).toBe(1);
        expect(stderr.split('\n').filter((line) => /^\w*Error\b/.test(line))).toEqual([
          'Error: nestjs-observability needs Node.js 22.12.0 or newer; this process runs 20.19.0. Upgrade Node.js, or add "node": "^24" to the app\'s devDependencies and run it with node_modules/.bin/node.',
        ]);
      });
    }
  }

  // The machine's own Node, where it is an old one (Debian's is 20 here): what a dependency does there cannot come first.
  const systemNode = '/usr/bin/node';
  const systemMajor = existsSync(systemNode)
    ? Number(spawnSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout)
    : 0;
  it.runIf(systemMajor > 0 && systemMajor < 22)(`index and register on ${systemNode} (Node ${systemMajor}): the same one line`, () => {
    for (const entry of ['index', 'register']) {
      const { status, stderr } = spawnSync(systemNode, ['--input-type=module', '-e', `await import(${JSON.stringify(bundle(entry))})`], {
        encoding: 'utf8',
      });
      expect(status).toBe(1);
      expect(stderr).toMatch(/^Error: nestjs-observability needs Node\.js 22\.12\.0 or newer; this process runs \d+\.\d+\.\d+\./m);
    }
  });

  it('on a supported Node the same entry points load', () => {
    for (const entry of ['index', 'register', 'prometheus']) {
      const { status, stderr } = load('import', entry, []);
      expect({ entry, status, stderr }).toEqual({ entry, status: 0, stderr: '' });
    }
  });
});
