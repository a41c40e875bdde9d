import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadClassValidator } from './class-validator.js';

const load = createRequire(import.meta.url);

describe('class-validator, part by part', () => {
  it('finds every part the schema uses in its own module, without the index', () => {
    const loaded: string[] = [];
    const parts = loadClassValidator((id) => {
      loaded.push(id);
      return load(id) as unknown;
    });
    expect(parts.whole).toBe(false);
    expect(loaded).not.toContain('class-validator');
    expect(loaded.every((id) => id.startsWith('class-validator/cjs/'))).toBe(true);
  });

  it("shares its metadata with the app's own import of the package: one storage, one validator", () => {
    const parts = loadClassValidator(load);
    const whole = load('class-validator') as typeof import('class-validator');
    class Limits {
      count: unknown = 'many';
    }
    parts.IsInt()(Limits.prototype, 'count');
    expect(parts.getMetadataStorage()).toBe(whole.getMetadataStorage());
    const errors = whole.validateSync(new Limits());
    expect(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([['count', ['isInt']]]);
  });

  it('loads the whole package when a release has moved a part', () => {
    const loaded: string[] = [];
    const parts = loadClassValidator((id) => {
      loaded.push(id);
      if (id.endsWith('/decorator/common/IsIn')) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return load(id) as unknown;
    });
    expect(parts.whole).toBe(true);
    expect(loaded.at(-1)).toBe('class-validator');
    expect(parts.IsIn).toBe((load('class-validator') as typeof import('class-validator')).IsIn);
  });
});
