import { createAspectDecorator } from '../../common/index.js';
import { METERED_ASPECT } from '../metrics.constants.js';

export interface MeteredOptions {
  /** Record the duration histogram too (calls and errors are always counted). @default true */
  duration?: boolean;
  /** Errors of these classes (or subclasses) are re-thrown as always but not counted as failures (expected outcomes). */
  ignoreErrors?: ReadonlyArray<abstract new (...args: never[]) => unknown>;
}

/** What the explorer reads from a `@Metered` method. */
export interface MeteredMetadata extends MeteredOptions {
  readonly operation: string;
}

/**
 * Counts calls and failures of a method and measures its duration, as `<namespace>_operation_calls_total`,
 * `<namespace>_operation_errors_total{error_type}` and `<namespace>_operation_duration_seconds`, labelled
 * `operation` (`name`, or `ClassName.method`). Works on providers and controllers, sync and async methods; the
 * method keeps its name, arity and metadata, and its result or error is passed through untouched.
 */
export function Metered(name?: string, options: MeteredOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const operation = name ?? `${(target as { constructor: { name: string } }).constructor.name}.${String(key)}`;
    const metadata: MeteredMetadata = { ...options, operation };
    return createAspectDecorator(METERED_ASPECT, metadata)(target, key, descriptor);
  };
}
