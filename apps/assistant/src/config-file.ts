import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo's configuration file, unless `OBSERVABILITY_CONFIG` names another. */
export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../config/observability.yaml', import.meta.url));

/**
 * The file named by `OBSERVABILITY_CONFIG`, made absolute against the directory the user ran the command in:
 * `npm start` runs the demo from apps/assistant, and npm says where it was started in `INIT_CWD`.
 */
export function assistantConfigFile(env: NodeJS.ProcessEnv): string {
  const named = env['OBSERVABILITY_CONFIG'];
  if (!named) return DEFAULT_CONFIG_FILE;
  return isAbsolute(named) ? named : resolve(env['INIT_CWD'] ?? process.cwd(), named);
}

/**
 * A configuration error is the user's to fix, not a crash: its message alone (file, field, value, expectation) on
 * stderr, and exit code 1. Anything else is rethrown as it came.
 */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof Error && error.name === 'ObservabilityConfigError') {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
