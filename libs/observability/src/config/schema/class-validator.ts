import { createRequire } from 'node:module';
import type * as ClassValidator from 'class-validator';
import { loadPackageParts } from './package-parts.js';

type Api = typeof ClassValidator;

/**
 * The parts of class-validator the configuration schema uses, each from its own module. The package's index loads
 * every one of its decorators and, through them, all of `validator` and `libphonenumber-js`: about 320 modules,
 * 4 MB of heap, 16 MB of RSS and 60–250 ms of startup an app pays even if it never validates a phone number
 * (`npm run bench -- suite` reports heap, RSS and startup; docs/performance.md). The metadata storage is
 * process-wide in class-validator (a global), so decorators loaded this way and an app's own `import 'class-validator'`
 * share it. Should a release move these files, the index is loaded instead: slower, never broken.
 */
const MODULES = {
  Equals: 'decorator/common/Equals',
  IsIn: 'decorator/common/IsIn',
  IsOptional: 'decorator/common/IsOptional',
  ValidateBy: 'decorator/common/ValidateBy',
  ValidateNested: 'decorator/common/ValidateNested',
  IsBoolean: 'decorator/typechecker/IsBoolean',
  IsInt: 'decorator/typechecker/IsInt',
  IsNumber: 'decorator/typechecker/IsNumber',
  IsString: 'decorator/typechecker/IsString',
  Max: 'decorator/number/Max',
  Min: 'decorator/number/Min',
  Matches: 'decorator/string/Matches',
  MaxLength: 'decorator/string/MaxLength',
  MinLength: 'decorator/string/MinLength',
  getMetadataStorage: 'metadata/MetadataStorage',
  Validator: 'validation/Validator',
  getFromContainer: 'container',
} as const satisfies Partial<Record<keyof Api, string>>;

type Parts = Pick<Api, keyof typeof MODULES>;

/** Each part from its module, or all of them from the package's index when one is not where it was. */
export function loadClassValidator(load: (id: string) => unknown = createRequire(import.meta.url)): Parts & { whole: boolean } {
  return loadPackageParts<Parts>('class-validator', MODULES, load);
}

const parts = loadClassValidator();

export const {
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  getMetadataStorage,
} = parts;

/** class-validator's own `validateSync`, which the index defines over its container's Validator. */
export function validateSync(object: object, options?: ClassValidator.ValidatorOptions): ClassValidator.ValidationError[] {
  return parts.getFromContainer(parts.Validator).validateSync(object, options);
}
