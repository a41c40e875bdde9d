import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadClassTransformer } from './class-transformer.js';

const load = createRequire(import.meta.url);
type Whole = typeof import('class-transformer');

class Endpoint {
  url = '';
}
class Settings {
  retries = 3;
  endpoint?: Endpoint;
  tags: string[] = [];
}

describe('class-transformer, part by part', () => {
  it('finds every part the schema uses in its own module, without the index', () => {
    const loaded: string[] = [];
    const parts = loadClassTransformer((id) => {
      loaded.push(id);
      return load(id) as unknown;
    });
    expect(parts.whole).toBe(false);
    expect(loaded).not.toContain('class-transformer');
    expect(loaded.every((id) => id.startsWith('class-transformer/cjs/'))).toBe(true);
  });

  it("shares its metadata with the app's own import of the package, and transforms as the index does", () => {
    const parts = loadClassTransformer(load);
    const whole = load('class-transformer') as Whole;
    parts.Type(() => Endpoint)(Settings.prototype, 'endpoint');
    parts.Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))(Settings.prototype, 'tags');
    const plain = { retries: 5, endpoint: { url: 'http://collector:4318' }, tags: 'a,b' };
    const options = { exposeDefaultValues: true };
    const ours = parts.plainToInstance(Settings, plain, options);
    const theirs = whole.plainToInstance(Settings, plain, options);
    expect(ours).toBeInstanceOf(Settings);
    expect(ours.endpoint).toBeInstanceOf(Endpoint);
    expect(ours.tags).toEqual(['a', 'b']);
    expect(ours).toEqual(theirs);
  });

  it('loads the whole package when a release has moved a part', () => {
    const loaded: string[] = [];
    const parts = loadClassTransformer((id) => {
      loaded.push(id);
      if (id.endsWith('/ClassTransformer')) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return load(id) as unknown;
    });
    expect(parts.whole).toBe(true);
    expect(loaded.at(-1)).toBe('class-transformer');
    expect(parts.Type).toBe((load('class-transformer') as Whole).Type);
  });
});
