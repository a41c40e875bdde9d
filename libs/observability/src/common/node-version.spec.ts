import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertSupportedNode, MINIMUM_NODE_VERSION } from './node-version.js';

describe('assertSupportedNode', () => {
  it('fails on a Node.js older than engines, in one line saying what is needed', () => {
    expect(() => assertSupportedNode('20.19.2')).toThrow(
      new Error(
        'nestjs-observability needs Node.js 22.12.0 or newer; this process runs 20.19.2. Upgrade Node.js, or add ' +
          '"node": "^24" to the app\'s devDependencies and run it with node_modules/.bin/node.',
      ),
    );
    expect(() => assertSupportedNode('22.11.0')).toThrow('needs Node.js 22.12.0 or newer; this process runs 22.11.0.');
    expect(() => assertSupportedNode('v18.0.0')).toThrow('this process runs v18.0.0.');
  });

  it('accepts engines and anything newer, this process included', () => {
    for (const version of ['22.12.0', '22.20.1', '23.0.0', '24.21.0', '30.0.0-pre'])
      expect(() => assertSupportedNode(version)).not.toThrow();
    expect(() => assertSupportedNode()).not.toThrow();
  });

  it('is the version package.json promises in engines', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE_VERSION}`);
  });
});
