import { readFileSync } from 'node:fs';
import { yamlModule } from '../common/index.js';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ObservabilityConfigError, UNKNOWN_KEY_VALUE, type ConfigIssue } from './config.errors.js';
import { interpolateEnv, type EnvSources } from './interpolate.js';
import type { ObservabilityConfig } from './schema/observability.schema.js';
import { CONFIG_ROOT, validateObservabilityConfig } from './validate-config.js';
import { EXPECTED_READABLE_FILE, EXPECTED_ROOT_KEY, EXPECTED_VALID_YAML, FILE_MISSING, UNCLOSED_QUOTE } from './config.messages.js';

export interface LoadConfigOptions {
  /** Variables for `${VAR}` interpolation. @default process.env */
  env?: Record<string, string | undefined>;
}

/** A validated configuration together with the file it came from. */
export interface LoadedObservabilityConfig {
  readonly config: ObservabilityConfig;
  /** Absolute path of the file. */
  readonly file: string;
}

/**
 * Reads a YAML file whose top-level key is `observability:`, interpolates `${VAR}` / `${VAR:-default}`, and
 * validates it. Throws {@link ObservabilityConfigError} naming the file (and line:column for YAML syntax errors).
 */
export function loadObservabilityConfig(path: string, options: LoadConfigOptions = {}): ObservabilityConfig {
  return loadObservabilityConfigFile(path, options).config;
}

export function loadObservabilityConfigFile(path: string, options: LoadConfigOptions = {}): LoadedObservabilityConfig {
  const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? FILE_MISSING : (error as Error).message;
    throw new ObservabilityConfigError([{ path: CONFIG_ROOT, value: file, expected: EXPECTED_READABLE_FILE(reason) }], file);
  }
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      // The parser reports an unclosed quote where the file ends; the reader needs where it opened.
      const unclosed = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? unclosedQuote(text) : undefined;
      const pos = unclosed ?? e.linePos?.[0];
      return {
        path: pos ? `${file}:${pos.line}:${pos.col}` : file,
        value: e.code,
        expected: unclosed ? EXPECTED_VALID_YAML(UNCLOSED_QUOTE(unclosed.quote)) : EXPECTED_VALID_YAML(e.message.split('\n')[0] ?? e.code),
      };
    });
    throw new ObservabilityConfigError(issues, file);
  }
  const root: unknown = doc.toJS();
  if (root === null || typeof root !== 'object' || Array.isArray(root) || !(CONFIG_ROOT in root)) {
    throw new ObservabilityConfigError([{ path: CONFIG_ROOT, value: undefined, expected: EXPECTED_ROOT_KEY(CONFIG_ROOT) }], file);
  }
  const unknownTop = Object.keys(root).filter((k) => k !== CONFIG_ROOT);
  const issues: ConfigIssue[] = unknownTop.map((k) => ({
    path: k,
    value: UNKNOWN_KEY_VALUE,
    expected: `no such key; the file's only top-level key is "${CONFIG_ROOT}"`,
  }));
  const sources: EnvSources = new Map();
  const interpolated = interpolateEnv(
    (root as Record<string, unknown>)[CONFIG_ROOT],
    options.env ?? process.env,
    CONFIG_ROOT,
    issues,
    sources,
  );
  const config = validateObservabilityConfig(interpolated, file, issues, sources);
  // The rules file sits beside the configuration, wherever the app is started from.
  const rules = config.alerts.rules_file;
  if (rules !== undefined && !isAbsolute(rules)) config.alerts.rules_file = resolve(dirname(file), rules);
  const state = config.alerts.anomaly.state_file;
  if (state !== undefined && !isAbsolute(state)) config.alerts.anomaly.state_file = resolve(dirname(file), state);
  return { config, file };
}

/**
 * The first quoted scalar that does not close on its own line (line and column, 1-based). Quoted scalars in a
 * configuration file are one-liners; one that runs on is the missing quote, whatever the parser later trips on.
 */
function unclosedQuote(text: string): { line: number; col: number; quote: string } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const start = /^\s*(?:-\s+)?(?:[^\s#'"][^:#]*:\s+|-\s+)?(["'])/.exec(line);
    if (!start || line.trimStart().startsWith('#')) continue;
    const quote = start[1]!;
    const open = start.index + start[0].length - 1;
    if (!closes(line, open + 1, quote)) return { line: i + 1, col: open + 1, quote: quote === '"' ? 'double' : 'single' };
  }
  return undefined;
}

function closes(line: string, from: number, quote: string): boolean {
  for (let i = from; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}
