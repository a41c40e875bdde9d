import type { Duration, DurationMs } from './duration.js';
import type { ObservabilityConfig } from './schema/observability.schema.js';

/** What a user may write for a validated config type: every field optional, durations as strings or ms. */
export type ConfigInput<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends DurationMs
    ? Duration
    : NonNullable<T[K]> extends readonly (infer E)[]
      ? E extends DurationMs | string | number | boolean
        ? T[K]
        : ConfigInput<E>[]
      : NonNullable<T[K]> extends object
        ? ConfigInput<NonNullable<T[K]>>
        : T[K];
};

/** Options of `ObservabilityModule.forRoot`: the YAML schema (snake_case, as in the file), every field optional. */
export type ObservabilityOptions = ConfigInput<ObservabilityConfig>;
