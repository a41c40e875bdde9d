import { createRequire } from 'node:module';
import type * as ClassTransformer from 'class-transformer';
import { loadPackageParts } from './package-parts.js';

type Api = typeof ClassTransformer;
/** `plainToInstance` as the schema calls it: one object in, one instance out. */
type PlainToInstance = <T extends object>(cls: new () => T, plain: unknown, options?: ClassTransformer.ClassTransformOptions) => T;
type Parts = Pick<Api, 'Transform' | 'Type'> & { plainToInstance: PlainToInstance };

const MODULES = {
  Type: 'decorators/type.decorator',
  Transform: 'decorators/transform.decorator',
  ClassTransformer: 'ClassTransformer',
} as const satisfies Partial<Record<keyof Api, string>>;

/**
 * The parts of class-transformer the configuration schema uses, each from its own module, as class-validator's
 * are (class-validator.ts). The package's index loads every decorator and interface module (26 in all), and an ES
 * module `import` of it parses each one for its exports: ~9 ms of startup CPU on the bench machine, against ~4 ms
 * for these. Its metadata storage is one module (`storage.js`), so these decorators and an app's own
 * `import 'class-transformer'` share it. Should a release move these files, the index is loaded instead.
 */
export function loadClassTransformer(load: (id: string) => unknown = createRequire(import.meta.url)): Parts & { whole: boolean } {
  const {
    ClassTransformer: Transformer,
    Transform,
    Type,
    whole,
  } = loadPackageParts<Pick<Api, keyof typeof MODULES>>('class-transformer', MODULES, load);
  // What the index's own plainToInstance does: one stateless transformer, called with the same arguments.
  const transformer = new Transformer();
  const plainToInstance: PlainToInstance = (cls, plain, options) => transformer.plainToInstance(cls, plain, options);
  return { Transform, Type, plainToInstance, whole };
}

export const { Transform, Type, plainToInstance } = loadClassTransformer();
