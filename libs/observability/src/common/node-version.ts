/** The oldest Node.js the suite runs on (`engines` in package.json): `require()` of ES modules is unflagged from here. */
export const MINIMUM_NODE_VERSION = '22.12.0';

/**
 * Fails at startup, in one line, on a Node.js older than {@link MINIMUM_NODE_VERSION}, instead of running
 * half-supported (CommonJS apps could not load the preload; parts of the runtime API are missing).
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  if (compareVersions(version, MINIMUM_NODE_VERSION) >= 0) return;
  throw new Error(
    `nestjs-observability needs Node.js ${MINIMUM_NODE_VERSION} or newer; this process runs ${version}. ` +
      'Upgrade Node.js, or add "node": "^24" to the app\'s devDependencies and run it with node_modules/.bin/node.',
  );
}

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i++) {
    const d = (pa![i] || 0) - (pb![i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}
