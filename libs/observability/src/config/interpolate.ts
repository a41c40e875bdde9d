import { yamlModule } from '../common/index.js';
import { Withheld, type ConfigIssue } from './config.errors.js';

const REF_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_REF_RE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree.
 *
 * Interpolation happens after parsing, on scalar values only, so an environment value can never inject YAML
 * structure. A scalar that is exactly one reference is re-read as a YAML scalar, so `batch_size: ${BATCH:-100}`
 * yields the number 100 and `enabled: ${LOKI_ON:-false}` a boolean. `$${` escapes a literal `${`.
 */
export function interpolateEnv(
  node: unknown,
  env: Record<string, string | undefined>,
  path: string,
  issues: ConfigIssue[],
  sources: EnvSources = new Map(),
): unknown {
  if (typeof node === 'string') return interpolateString(node, env, path, issues, sources);
  if (Array.isArray(node)) return node.map((item, i) => interpolateEnv(item, env, `${path}.${i}`, issues, sources));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = interpolateEnv(value, env, `${path}.${key}`, issues, sources);
    }
    return out;
  }
  return node;
}

/** Which configuration paths (dotted, array items by index) hold a value taken from which environment variables. */
export type EnvSources = Map<string, string[]>;

function interpolateString(
  value: string,
  env: Record<string, string | undefined>,
  path: string,
  issues: ConfigIssue[],
  sources: EnvSources,
): unknown {
  if (!value.includes('${')) return value;
  const escaped = value.split('$${');
  let missing = false;
  const replaced = escaped
    .map((part) =>
      part.replace(REF_RE, (_ref, name: string, fallback: string | undefined) => {
        const fromEnv = env[name];
        if (fromEnv !== undefined && fromEnv !== '') {
          // An error about this field must not print what the environment put there.
          sources.set(path, [...(sources.get(path) ?? []), name]);
          return fromEnv;
        }
        if (fallback !== undefined) return fallback;
        missing = true;
        issues.push({
          path,
          value: new Withheld(`"\${${name}}"`),
          expected: `environment variable ${name} to be set (or a default: \${${name}:-value})`,
        });
        return '';
      }),
    )
    .join('${');
  if (missing) return undefined;
  if (escaped.length === 1 && WHOLE_REF_RE.test(value.trim())) {
    // `${VAR:-}` with VAR unset means "not configured": the field keeps its default.
    if (replaced === '') return undefined;
    try {
      const scalar: unknown = yamlModule().parse(replaced);
      return scalar === null || typeof scalar === 'object' ? replaced : scalar;
    } catch {
      return replaced;
    }
  }
  return replaced;
}
