// Class-transformer's decorators read TypeScript's design-time types when the schema classes are defined: the
// Reflect metadata API must exist by then, whichever entry point (the package, the preload) loads them first.
import 'reflect-metadata';
import { Transform, Type } from './class-transformer.js';
import type { ValidationOptions } from 'class-validator';
import {
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
} from './class-validator.js';
import { parseDuration } from '../duration.js';

/**
 * Field decorators for the configuration schema. Each one states what it expects in plain words, because that
 * text is what a user reads when startup fails: `expected an integer from 1 to 100000`.
 */

const SECRET_FIELDS = Symbol('observability:secret-fields');

/** A value that failed to parse; keeps the original for the error message. */
export class Unparsed {
  constructor(readonly original: unknown) {}
}

const msg = (expected: string): ValidationOptions => ({ message: expected });

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` >= ${min}`;
  if (max !== undefined) return ` <= ${max}`;
  return '';
}

export function IntField(min?: number, max?: number, optional = false): PropertyDecorator {
  const expected = `an integer${range(min, max)}`;
  return compose(
    ...(optional ? [IsOptional()] : []),
    IsInt(msg(expected)),
    ...(min !== undefined ? [Min(min, msg(expected))] : []),
    ...(max !== undefined ? [Max(max, msg(expected))] : []),
  );
}

export function NumberField(min?: number, max?: number): PropertyDecorator {
  const expected = `a number${range(min, max)}`;
  return compose(
    IsNumber({ allowNaN: false, allowInfinity: false }, msg(expected)),
    ...(min !== undefined ? [Min(min, msg(expected))] : []),
    ...(max !== undefined ? [Max(max, msg(expected))] : []),
  );
}

export function BoolField(): PropertyDecorator {
  return IsBoolean(msg('true or false'));
}

export function OneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], msg(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`));
}

export function StringField(
  opts: { min?: number; max?: number; optional?: boolean; pattern?: RegExp; describe?: string } = {},
): PropertyDecorator {
  const expected = opts.describe ?? `a string${opts.min ? ` of at least ${opts.min} characters` : ''}`;
  return compose(
    ...(opts.optional ? [IsOptional()] : []),
    IsString(msg(expected)),
    ...(opts.min !== undefined ? [MinLength(opts.min, msg(expected))] : []),
    ...(opts.max !== undefined ? [MaxLength(opts.max, msg(expected))] : []),
    ...(opts.pattern ? [Matches(opts.pattern, msg(expected))] : []),
  );
}

/** An absolute http(s) URL. */
export function UrlField(optional = true): PropertyDecorator {
  const expected = 'an absolute http:// or https:// URL';
  return compose(
    ...(optional ? [IsOptional()] : []),
    ValidateBy(
      {
        name: 'isHttpUrl',
        validator: {
          validate: (v: unknown) => {
            if (typeof v !== 'string') return false;
            try {
              const u = new URL(v);
              return u.protocol === 'http:' || u.protocol === 'https:';
            } catch {
              return false;
            }
          },
        },
      },
      msg(expected),
    ),
  );
}

/** A path that starts with `/`. */
export function RoutePathField(): PropertyDecorator {
  return StringField({ pattern: /^\/[A-Za-z0-9._~\-/]*$/, describe: 'a path starting with "/" (letters, digits, ._~-/)' });
}

/**
 * A duration (`"1s"`, `"15s"`, `"1m"`, `"15d"`, or milliseconds). After validation the property holds milliseconds.
 */
export function DurationField(opts: { min?: number; max?: number; optional?: boolean } = {}): PropertyDecorator {
  const bounds = opts.min !== undefined || opts.max !== undefined;
  const expected = `a duration such as "500ms", "1s", "15s", "1m", "2h", "15d"${bounds ? ` between ${opts.min ?? 0}ms and ${opts.max ?? '∞'}ms` : ''}`;
  return compose(
    Transform(({ value }) => (value === undefined || value === null ? value : (parseDuration(value) ?? new Unparsed(value)))),
    ...(opts.optional ? [IsOptional()] : []),
    ValidateBy(
      {
        name: 'isDuration',
        validator: {
          validate: (v: unknown) =>
            typeof v === 'number' && (opts.min === undefined || v >= opts.min) && (opts.max === undefined || v <= opts.max),
        },
      },
      msg(expected),
    ),
  );
}

export function StringListField(opts: { pattern?: RegExp; describe?: string; maxItems?: number } = {}): PropertyDecorator {
  const expected = opts.describe ?? 'a list of strings';
  return ValidateBy(
    {
      name: 'isStringList',
      validator: {
        validate: (v: unknown) =>
          Array.isArray(v) &&
          (opts.maxItems === undefined || v.length <= opts.maxItems) &&
          v.every((s) => typeof s === 'string' && (!opts.pattern || opts.pattern.test(s))),
      },
    },
    msg(expected),
  );
}

export function NumberListField(describe = 'a list of numbers'): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumberList',
      validator: { validate: (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'number' && Number.isFinite(n)) },
    },
    msg(describe),
  );
}

/** A flat map of string keys to string values (labels, headers, tags). */
export function StringMapField(opts: { keyPattern?: RegExp; describe?: string } = {}): PropertyDecorator {
  const expected = opts.describe ?? 'a map of string keys to string values';
  return ValidateBy(
    {
      name: 'isStringMap',
      validator: {
        validate: (v: unknown) =>
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.entries(v).every(([k, s]) => typeof s === 'string' && (!opts.keyPattern || opts.keyPattern.test(k))),
      },
    },
    msg(expected),
  );
}

/** A nested section; its fields are validated too, and unknown keys inside it are errors. */
export function Section(cls: () => new () => object): PropertyDecorator {
  return compose(
    Type(cls),
    ValidateNested(),
    ValidateBy(
      {
        name: 'isSection',
        validator: { validate: (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) },
      },
      msg('a mapping of names to values'),
    ),
  );
}

/** Marks a field whose value must never be printed, not even in a configuration error. */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    const fields: Set<string | symbol> = Reflect.getMetadata(SECRET_FIELDS, target) ?? new Set();
    Reflect.defineMetadata(SECRET_FIELDS, new Set([...fields, key]), target);
  };
}

export function isSecretField(target: object, key: string): boolean {
  const fields: Set<string | symbol> | undefined = Reflect.getMetadata(SECRET_FIELDS, target);
  return fields?.has(key) ?? false;
}
