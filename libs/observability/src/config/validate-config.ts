import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { plainToInstance } from './schema/class-transformer.js';
import type { ValidationError } from 'class-validator';
import { getMetadataStorage, validateSync } from './schema/class-validator.js';
import { ObservabilityConfigError, UNKNOWN_KEY_VALUE, type ConfigIssue } from './config.errors.js';
import type { EnvSources } from './interpolate.js';
import { adaptiveConfigIssues } from './schema/adaptive.schema.js';
import { alertsConfigIssues } from './schema/alerts.schema.js';
import { lokiConfigIssues } from './schema/loki.schema.js';
import { managementConfigIssues } from './schema/management.schema.js';
import { ObservabilityConfig } from './schema/observability.schema.js';
import { profilingConfigIssues } from './schema/profiling.schema.js';
import { tracingConfigIssues } from './schema/tracing.schema.js';
import { isSecretField, Unparsed } from './schema/validators.js';

/** The prefix of every path in error messages: the file's root key. */
export const CONFIG_ROOT = 'observability';

/**
 * Validates a configuration object (the content of the `observability:` key) and returns it with every default
 * filled in and every duration converted to milliseconds. Throws one {@link ObservabilityConfigError} listing all
 * problems, including unknown keys.
 */
export function validateObservabilityConfig(
  input: unknown,
  source?: string,
  prior: ConfigIssue[] = [],
  envSources: EnvSources = new Map(),
): ObservabilityConfig {
  const issues = [...prior];
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ObservabilityConfigError(
      [...issues, { path: CONFIG_ROOT, value: input, expected: 'a mapping with sections such as logging, metrics, tracing' }],
      source,
    );
  }
  if (input instanceof ObservabilityConfig) return input;
  const config = plainToInstance(ObservabilityConfig, input, { exposeDefaultValues: true });
  const given = givenSections(input as Record<string, unknown>);
  if (given) {
    // Only the sections the input has: the others are the schema's defaults, valid by construction (a spec holds
    // this). Validating every default section is most of what a small input costs (each pillar module given its
    // section alone, the preload's tracing section), and it is paid at startup.
    for (const name of given) {
      for (const error of validateSync(config[name], VALIDATION)) collect(error, `${CONFIG_ROOT}.${name}`, issues);
    }
  } else {
    // An unknown key or a section that is not a mapping: the whole tree, which names every problem at the root.
    for (const error of validateSync(config, VALIDATION)) collect(error, CONFIG_ROOT, issues);
  }
  // Cross-field rules assume every section has the right shape, so they run only once the fields are valid.
  if (issues.length === 0) crossFieldChecks(config, issues);
  if (issues.length > 0)
    throw new ObservabilityConfigError(
      issues.map((issue) => withEnvSources(issue, envSources)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      source,
    );
  return config;
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

let sections: ReadonlySet<string> | undefined;

/** The sections `input` has, when each is a known section given as a mapping; undefined otherwise. */
function givenSections(input: Record<string, unknown>): (keyof ObservabilityConfig)[] | undefined {
  sections ??= new Set(Object.keys(new ObservabilityConfig()));
  const names = Object.keys(input);
  for (const name of names) {
    const value = input[name];
    if (!sections.has(name) || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  }
  return names as (keyof ObservabilityConfig)[];
}

/** Names the variables behind an issue's value (at its path or below it), so that the value itself is never printed. */
function withEnvSources(issue: ConfigIssue, envSources: EnvSources): ConfigIssue {
  if (envSources.size === 0) return issue;
  const names: string[] = [];
  for (const [path, vars] of envSources) {
    if (path === issue.path || path.startsWith(`${issue.path}.`)) names.push(...vars);
  }
  return names.length === 0 ? issue : { ...issue, fromEnv: [...new Set(names)] };
}

function collect(error: ValidationError, parent: string, issues: ConfigIssue[]): void {
  const path = `${parent}.${error.property}`;
  const target = error.target;
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) {
    const known = target ? knownKeys(target.constructor) : [];
    const hint = closest(error.property, known);
    issues.push({
      path,
      value: UNKNOWN_KEY_VALUE,
      expected: `no such key${hint ? ` (did you mean "${hint}"?)` : ''}; known keys here: ${known.join(', ')}`,
    });
  } else if (Object.keys(constraints).length > 0) {
    const secret = target ? isSecretField(target, error.property) : false;
    const raw = error.value instanceof Unparsed ? error.value.original : error.value;
    const expected = [...new Set(Object.values(constraints))].join('; ');
    issues.push({ path, value: secret && raw !== undefined ? '[REDACTED]' : raw, expected });
  }
  for (const child of error.children ?? []) collect(child, path, issues);
}

function crossFieldChecks(config: ObservabilityConfig, issues: ConfigIssue[]): void {
  const output = config.logging.output;
  if (output !== 'stdout' && output !== 'stderr') {
    const problem = fileOutputProblem(output);
    if (problem)
      issues.push({
        path: `${CONFIG_ROOT}.logging.output`,
        value: output,
        expected: `"stdout", "stderr" or a writable file path (${problem})`,
      });
  }
  const { loki } = config.logging;
  if (loki.enabled && !loki.endpoint) {
    issues.push({
      path: `${CONFIG_ROOT}.logging.loki.endpoint`,
      value: undefined,
      expected: 'a push URL when logging.loki.enabled is true',
    });
  }
  if (loki.bearer_token && (loki.username || loki.password)) {
    issues.push({
      path: `${CONFIG_ROOT}.logging.loki.bearer_token`,
      value: '[REDACTED]',
      expected: 'either bearer_token or username/password, not both',
    });
  }
  for (const i of lokiConfigIssues(loki))
    issues.push({ path: `${CONFIG_ROOT}.logging.loki.${i.field}`, value: i.value, expected: i.expected });
  const { tracing } = config;
  for (const i of alertsConfigIssues(config.alerts))
    issues.push({ path: `${CONFIG_ROOT}.alerts.${i.field}`, value: i.value, expected: i.expected });
  for (const i of tracingConfigIssues(tracing))
    issues.push({ path: `${CONFIG_ROOT}.tracing.${i.field}`, value: i.value, expected: i.expected });
  if (
    tracing.enabled &&
    (tracing.exporter === 'otlp-http' || tracing.exporter === 'otlp-grpc') &&
    !tracing.endpoint &&
    !process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] &&
    !process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']
  ) {
    issues.push({
      path: `${CONFIG_ROOT}.tracing.endpoint`,
      value: undefined,
      expected: `a collector URL when tracing.exporter is "${tracing.exporter}" (or OTEL_EXPORTER_OTLP_ENDPOINT)`,
    });
  }
  for (const i of managementConfigIssues(config.management, { metrics: config.metrics.port, health: config.health.port }))
    issues.push({ path: `${CONFIG_ROOT}.management.${i.field}`, value: i.value, expected: i.expected });
  for (const i of profilingConfigIssues(config.profiling))
    issues.push({ path: `${CONFIG_ROOT}.profiling.${i.field}`, value: i.value, expected: i.expected });
  for (const i of adaptiveConfigIssues(config.adaptive))
    issues.push({ path: `${CONFIG_ROOT}.adaptive.${i.field}`, value: i.value, expected: i.expected });
  for (const [path, buckets] of [
    ['metrics.buckets', config.metrics.buckets],
    ['metrics.ai.latency_buckets', config.metrics.ai.latency_buckets],
  ] as const) {
    if (buckets.length === 0 || buckets.some((b, i) => b <= 0 || (i > 0 && b <= buckets[i - 1]!))) {
      issues.push({
        path: `${CONFIG_ROOT}.${path}`,
        value: buckets,
        expected: 'a non-empty, strictly increasing list of positive numbers',
      });
    }
  }
  const ports = [config.metrics.port, config.health.port].filter((p) => p !== undefined);
  if (ports.length === 2 && ports[0] === ports[1] && config.metrics.enabled && config.health.enabled) {
    issues.push({ path: `${CONFIG_ROOT}.health.port`, value: config.health.port, expected: 'a port different from metrics.port' });
  }
}

/** Why a log file could not be opened for appending, or undefined when it can. */
function fileOutputProblem(path: string): string | undefined {
  const file = resolve(path);
  try {
    if (existsSync(file)) {
      const stat = statSync(file);
      if (!stat.isFile() && !stat.isCharacterDevice() && !stat.isFIFO()) return 'it exists and is not a file';
      accessSync(file, constants.W_OK);
      return undefined;
    }
    const dir = dirname(file);
    if (!existsSync(dir)) return `directory ${dir} does not exist`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'no permission to write it' : (error as Error).message;
  }
}

function knownKeys(ctor: Function): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(ctor, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))].sort();
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
