/** `key1=value1,key2=value2`, values percent-encoded (the W3C Baggage octet rules the spec refers to). */
export function parseResourceAttributes(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      out[key] = pair.slice(eq + 1).trim();
    }
  }
  return out;
}

/**
 * The app's `service.version` with the precedence the trace resource uses: the configured one, then
 * `service.version` in `OTEL_RESOURCE_ATTRIBUTES`, then `npm_package_version`. Undefined when none is set.
 */
export function serviceVersion(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES'])['service.version'];
  const npm = env['npm_package_version']?.trim();
  return configured ?? fromEnv ?? (npm ? npm : undefined);
}
